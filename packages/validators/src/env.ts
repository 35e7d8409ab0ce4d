import { z } from "zod";
import { aiEnvShape } from "./ai-env";

const port = z.coerce.number().int().min(1).max(65535);
const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL");
const redisUrl = z
  .string()
  .url()
  .refine((v) => /^rediss?:\/\//.test(v), "must be a redis:// or rediss:// URL");
const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

const encryptionKeyBase64 = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64");
/** `id:base64,…`: key ids are short names stored beside each ciphertext. */
const encryptionKeysSchema = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,32}:/, "each entry is id:base64 (id: 1–32 letters, digits, _ or -)")
          .transform((entry) => ({ id: entry.slice(0, entry.indexOf(":")), key: entry.slice(entry.indexOf(":") + 1) }))
          .refine((k) => encryptionKeyBase64.safeParse(k.key).success, "each key must be 32 bytes, base64"),
      )
      .min(1)
      .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, "key ids must be unique"),
  );

/** Env fragment: the database connection (packages/db and apps/api). */
export const databaseEnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

/** Env of apps/api, parsed once at boot. */
export const apiEnvSchema = databaseEnvSchema.extend({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  API_HOST: z.string().min(1).default("127.0.0.1"),
  API_PORT: port.default(4000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CORS_ORIGINS: csv
    .default(["http://localhost:3000", "http://127.0.0.1:3000"])
    .pipe(z.array(z.url().refine((o) => o !== "*", "wildcard origins are not allowed"))),
  REDIS_URL: redisUrl.optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * Which proxies in front of the API may set X-Forwarded-For for callers that reach it
   * directly: "false" (default), "true" (any: only behind a load balancer that overwrites the
   * header), "loopback", or a comma-separated list of addresses/CIDRs. The web server never
   * needs it: it sends the browser's address in x-agency-client-ip, trusted only together
   * with INTERNAL_API_SECRET.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .min(1)
    .default("false")
    .transform((v): boolean | string => (v === "true" ? true : v === "false" ? false : v)),
  RATE_LIMIT_SCALE: z.coerce.number().positive().max(1000).default(1),
  /**
   * Shared by the web server and the API only: authenticates the web server's
   * internal calls (credential checks, session creation) and the session id it
   * forwards. Unset: internal auth is off and no request is signed in.
   */
  INTERNAL_API_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /**
   * Shows the email outbox to the web server (dev inbox). Default: on outside
   * production. The E2E stack turns it on for its production build.
   */
  DEV_OUTBOX: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /** Delivers the email outbox over SMTP (smtp:// or smtps://, credentials in the URL). Unset: dev outbox only. */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Agency OS <no-reply@agency-os.local>"),
  /** The web app's public origin, for links in emails (invitations). */
  APP_URL: z.url().default("http://localhost:3000"),
  /** Idle lifetime of a session; every use within it rolls the expiry forward. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Days a soft-deleted row stays in the trash before the hourly purge deletes it for good. */
  TRASH_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10 * 365)
    .default(30),
  /**
   * Bearer token for the operator-only `GET /ops/status` (database, migrations, platform counts).
   * Unset: the route answers 404 to everyone.
   */
  OPS_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  /**
   * Keys that encrypt secrets at rest (webhook signing secrets, Slack URLs): `id:base64,…`, each
   * key 32 bytes; the first one encrypts, every one decrypts (rotation: put the new key first).
   * ENCRYPTION_KEY (one base64 key, id `k1`) is the short form. Neither set: a fixed development
   * key outside production; in production integrations refuse to store secrets.
   */
  ENCRYPTION_KEYS: z.string().trim().min(1).optional().pipe(encryptionKeysSchema.optional()),
  ENCRYPTION_KEY: encryptionKeyBase64.optional(),
  /**
   * CIDRs outbound webhooks and Slack may reach although they are private (tests and local
   * development, e.g. `127.0.0.0/8,::1/128`). Default: none.
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: csv.default([]).pipe(z.array(z.cidrv4().or(z.cidrv6()))),
  /** Ports outbound webhooks may use (a target inside WEBHOOK_ALLOW_PRIVATE_TARGETS may use any). */
  WEBHOOK_ALLOWED_PORTS: csv
    .default(["80", "443", "8080", "8443"])
    .pipe(z.array(z.string().regex(/^\d{1,5}$/, "ports are numbers").transform(Number).pipe(z.number().int().min(1).max(65535)))),
  /**
   * Observability (README "Observability"). OTLP/HTTP base URL of a trace collector, e.g.
   * http://127.0.0.1:4318: spans go to <url>/v1/traces. Unset: tracing is off (no SDK started).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url("must be a URL such as http://127.0.0.1:4318")
    .refine((v) => /^https?:\/\//.test(v), "must be an http:// or https:// URL (OTLP over HTTP)")
    .optional(),
  /** The service name traces are filed under. */
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(100).default("agency-api"),
  /** Bearer token for `GET /metrics` on the API port. Unset: that route answers 404. */
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  /** Serves `GET /metrics` on this port, bound to 127.0.0.1 only. Unset: no such listener. */
  METRICS_PORT: port.optional(),
  /** Sentry (or compatible) DSN: 5xx answers and crashes are reported there. Unset: no reporting. */
  SENTRY_DSN: z
    .url("must be a DSN URL such as https://<key>@o0.ingest.sentry.io/<project>")
    .refine((v) => /^https?:\/\/[^@/]+@/.test(v), "must be a DSN with a public key: https://<key>@<host>/<project>")
    .optional(),
  /** The environment reported errors are filed under (default: NODE_ENV). */
  SENTRY_ENVIRONMENT: z.string().trim().min(1).max(64).optional(),
  // The LLM gateway (ai-env.ts).
  ...aiEnvShape,
  /**
   * Stripe (README "Stripe"). Where the `stripe` SDK sends API calls: unset → api.stripe.com over
   * https. Tests and the e2e stack point it at a local fake (`http://127.0.0.1:12111`); honoured
   * only when set.
   */
  STRIPE_API_BASE_URL: z
    .url("must be a URL such as http://127.0.0.1:12111")
    .refine((v) => /^https?:\/\/[^/]+\/?$/.test(v), "must be an http(s) origin without a path")
    .optional(),
  /** Deadline of one Stripe API request (the SDK's `timeout`), milliseconds. */
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  /** The SDK's own retries of a failed request (network error, 409/429/5xx), with its idempotency key. */
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
});
export type ApiEnv = z.infer<typeof apiEnvSchema>;

/**
 * Env of the job worker (`pnpm worker`, apps/api/src/worker.ts): the API's database, log, mail,
 * purge, webhook-delivery (encryption keys, outbound policy, app URL) and observability settings,
 * with the API's definitions.
 */
export const workerEnvSchema = apiEnvSchema
  .pick({
    DATABASE_URL: true,
    DATABASE_POOL_MAX: true,
    NODE_ENV: true,
    LOG_LEVEL: true,
    SMTP_URL: true,
    MAIL_FROM: true,
    TRASH_RETENTION_DAYS: true,
    APP_URL: true,
    ENCRYPTION_KEYS: true,
    ENCRYPTION_KEY: true,
    WEBHOOK_ALLOW_PRIVATE_TARGETS: true,
    WEBHOOK_ALLOWED_PORTS: true,
    OTEL_EXPORTER_OTLP_ENDPOINT: true,
    METRICS_TOKEN: true,
    METRICS_PORT: true,
    SENTRY_DSN: true,
    SENTRY_ENVIRONMENT: true,
    STRIPE_API_BASE_URL: true,
    STRIPE_TIMEOUT_MS: true,
    STRIPE_MAX_NETWORK_RETRIES: true,
  })
  .extend({
    /** The service name the worker's traces are filed under. */
    OTEL_SERVICE_NAME: apiEnvSchema.shape.OTEL_SERVICE_NAME.unwrap().default("agency-worker"),
    /** Connections of pg-boss's own pool in each worker process (fetching, completing, schedules). */
    JOBS_POOL_MAX: z.coerce.number().int().min(2).max(50).default(4),
    /** Drain time after SIGTERM/SIGINT: running jobs may finish; the rest are released for retry. */
    WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** "off": retainer periods are not invoiced by the hourly job (only by hand or by Stripe). */
    BILLING_AUTO_INVOICE: z.enum(["on", "off"], { error: 'Use "on" or "off"' }).default("on"),
  });
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Env of apps/web (server side). */
const optionalText = z.string().trim().min(1).optional();

/** proxy-addr's named ranges, as Fastify (the API) and the web server accept them in TRUST_PROXY. */
const TRUST_PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);
const ipAddress = z.union([z.ipv4(), z.ipv6()]);

/** One TRUST_PROXY list entry: a named range, an address, `address/prefix` or `ipv4/netmask`. */
function isTrustProxyEntry(entry: string): boolean {
  if (TRUST_PROXY_RANGES.has(entry)) return true;
  const slash = entry.lastIndexOf("/");
  if (slash === -1) return ipAddress.safeParse(entry).success;
  const address = entry.slice(0, slash);
  const range = entry.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(range) ? Number(range) : null;
  if (z.ipv4().safeParse(address).success) {
    return prefix !== null ? prefix >= 1 && prefix <= 32 : isIpv4Netmask(range);
  }
  return z.ipv6().safeParse(address).success && prefix !== null && prefix >= 1 && prefix <= 128;
}

/** 255.255.240.0 and the like: ones, then zeros (proxy-addr refuses anything else, and 0.0.0.0). */
function isIpv4Netmask(mask: string): boolean {
  if (!z.ipv4().safeParse(mask).success) return false;
  const bits = mask.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  const hostBits = 0xffffffff - bits;
  return bits !== 0 && (hostBits & (hostBits + 1)) === 0;
}

export const webEnvSchema = z.object({
  API_URL: z.url().default("http://127.0.0.1:4000"),
  /**
   * Which peers of the web server may set X-Forwarded-For (read by apps/web/server/main.mjs, same
   * values and meaning as the API's TRUST_PROXY): "false" (default: browsers connect directly),
   * "true" (every peer: only behind an edge that overwrites the header), or a comma-separated
   * list of addresses/CIDRs and loopback, linklocal, uniquelocal.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .min(1)
    .default("false")
    .refine(
      (v) => v === "true" || v === "false" || v.split(",").every((entry) => isTrustProxyEntry(entry.trim())),
      "must be true, false, or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal",
    )
    .transform((v): boolean | string => (v === "true" ? true : v === "false" ? false : v)),
  /** Same value as the API's: lets this server call internal auth procedures and forward sessions. */
  INTERNAL_API_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Encrypts the session cookie (next-auth). With INTERNAL_API_SECRET, switches sign-in on. */
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** OAuth providers: each is offered when both of its variables are set. */
  GITHUB_ID: optionalText,
  GITHUB_SECRET: optionalText,
  GOOGLE_ID: optionalText,
  GOOGLE_SECRET: optionalText,
  /** A generic OpenID Connect provider (issuer URL + client), e.g. a company IdP. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
});

/** Formats zod issues as one line per variable, for boot-time failures. */
export function describeEnvIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`).join("; ");
}
