import { describe, expect, it } from "vitest";
import { apiEnvSchema, describeEnvIssues, workerEnvSchema } from "../src/env";

describe("apiEnvSchema", () => {
  it("applies defaults for everything but DATABASE_URL", () => {
    const env = apiEnvSchema.parse({ DATABASE_URL: "postgres://u@127.0.0.1:5432/db" });
    expect(env.API_PORT).toBe(4000);
    expect(env.CORS_ORIGINS).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
    // Direct callers only: the web server's browsers arrive in x-agency-client-ip, behind the secret.
    expect(env.TRUST_PROXY).toBe(false);
    expect(apiEnvSchema.parse({ DATABASE_URL: "postgres://h/db", TRUST_PROXY: "loopback" }).TRUST_PROXY).toBe("loopback");
  });

  it("names the missing variable in one line", () => {
    const result = apiEnvSchema.safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) expect(describeEnvIssues(result.error)).toMatch(/^DATABASE_URL: /);
  });

  it("rejects a non-postgres DATABASE_URL and a wildcard CORS origin", () => {
    const result = apiEnvSchema.safeParse({ DATABASE_URL: "mysql://x@h/db", CORS_ORIGINS: "*" });
    expect(result.success).toBe(false);
    if (!result.success) {
      const line = describeEnvIssues(result.error);
      expect(line).toContain("DATABASE_URL: must be a postgres");
      expect(line).toContain("CORS_ORIGINS");
    }
  });

  it("leaves observability off by default and names each bad observability variable", () => {
    const off = apiEnvSchema.parse({ DATABASE_URL: "postgres://h/db" });
    expect(off).toMatchObject({ OTEL_SERVICE_NAME: "agency-api" });
    for (const name of ["OTEL_EXPORTER_OTLP_ENDPOINT", "METRICS_TOKEN", "METRICS_PORT", "SENTRY_DSN", "SENTRY_ENVIRONMENT"] as const) {
      expect(off[name]).toBeUndefined();
    }
    const on = apiEnvSchema.parse({
      DATABASE_URL: "postgres://h/db",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      METRICS_TOKEN: "m".repeat(32),
      METRICS_PORT: "9464",
      SENTRY_DSN: "https://key@o0.ingest.sentry.io/1",
    });
    expect(on).toMatchObject({ METRICS_PORT: 9464, SENTRY_DSN: "https://key@o0.ingest.sentry.io/1" });

    const result = apiEnvSchema.safeParse({
      DATABASE_URL: "postgres://h/db",
      OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://collector:4317",
      METRICS_TOKEN: "short",
      METRICS_PORT: "70000",
      SENTRY_DSN: "https://o0.ingest.sentry.io/1",
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      const line = describeEnvIssues(result.error);
      expect(line).toContain("OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL");
      expect(line).toContain("METRICS_TOKEN: must be at least 32 characters");
      expect(line).toContain("METRICS_PORT");
      expect(line).toContain("SENTRY_DSN: must be a DSN with a public key");
    }
  });

  it("splits CORS_ORIGINS on commas", () => {
    const env = apiEnvSchema.parse({ DATABASE_URL: "postgresql://h/db", CORS_ORIGINS: "https://a.test, https://b.test" });
    expect(env.CORS_ORIGINS).toEqual(["https://a.test", "https://b.test"]);
  });

  describe("integration secrets and outbound targets", () => {
    const db = { DATABASE_URL: "postgres://h/db" };
    const key = (byte: number) => Buffer.alloc(32, byte).toString("base64");

    it("parses ENCRYPTION_KEYS as id:base64 pairs, first one current", () => {
      const env = apiEnvSchema.parse({ ...db, ENCRYPTION_KEYS: `k2:${key(2)}, k1:${key(1)}` });
      expect(env.ENCRYPTION_KEYS).toEqual([
        { id: "k2", key: key(2) },
        { id: "k1", key: key(1) },
      ]);
    });

    it.each([
      ["a key that is not 32 bytes", { ENCRYPTION_KEYS: `k1:${Buffer.alloc(16).toString("base64")}` }, "ENCRYPTION_KEYS"],
      ["an entry without an id", { ENCRYPTION_KEYS: key(1) }, "ENCRYPTION_KEYS"],
      ["duplicate key ids", { ENCRYPTION_KEYS: `k1:${key(1)},k1:${key(2)}` }, "ENCRYPTION_KEYS"],
      ["a short ENCRYPTION_KEY", { ENCRYPTION_KEY: "c2hvcnQ=" }, "ENCRYPTION_KEY"],
      ["a private-target entry that is no CIDR", { WEBHOOK_ALLOW_PRIVATE_TARGETS: "localhost" }, "WEBHOOK_ALLOW_PRIVATE_TARGETS"],
      ["a port that is no number", { WEBHOOK_ALLOWED_PORTS: "443,http" }, "WEBHOOK_ALLOWED_PORTS"],
    ])("refuses %s, naming the variable", (_label, vars, name) => {
      const result = apiEnvSchema.safeParse({ ...db, ...vars });
      expect(result.success).toBe(false);
      if (!result.success) expect(describeEnvIssues(result.error)).toContain(name);
    });

    it("defaults: no private targets, the usual web ports", () => {
      const env = apiEnvSchema.parse({ ...db, WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8,::1/128" });
      expect(env.WEBHOOK_ALLOW_PRIVATE_TARGETS).toEqual(["127.0.0.0/8", "::1/128"]);
      const defaults = apiEnvSchema.parse(db);
      expect(defaults.WEBHOOK_ALLOW_PRIVATE_TARGETS).toEqual([]);
      expect(defaults.WEBHOOK_ALLOWED_PORTS).toEqual([80, 443, 8080, 8443]);
      expect(defaults.ENCRYPTION_KEYS).toBeUndefined();
    });
  });
});

describe("workerEnvSchema", () => {
  const base = { DATABASE_URL: "postgres://localhost/agency" };

  it("needs only DATABASE_URL; the pool and the drain time have defaults", () => {
    expect(workerEnvSchema.parse(base)).toMatchObject({ JOBS_POOL_MAX: 4, WORKER_SHUTDOWN_TIMEOUT_MS: 30_000, TRASH_RETENTION_DAYS: 30 });
    expect(workerEnvSchema.safeParse({}).success).toBe(false);
  });

  it("takes the API's webhook-delivery and observability variables, with the API's checks", () => {
    const env = workerEnvSchema.parse({
      ...base,
      ENCRYPTION_KEYS: `k2:${Buffer.alloc(32, 2).toString("base64")}`,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8",
      WEBHOOK_ALLOWED_PORTS: "443",
      APP_URL: "https://app.example.com",
      METRICS_PORT: "9464",
    });
    expect(env).toMatchObject({
      ENCRYPTION_KEYS: [{ id: "k2" }],
      WEBHOOK_ALLOW_PRIVATE_TARGETS: ["127.0.0.0/8"],
      WEBHOOK_ALLOWED_PORTS: [443],
      APP_URL: "https://app.example.com",
      METRICS_PORT: 9464,
      OTEL_SERVICE_NAME: "agency-worker",
    });
    expect(workerEnvSchema.safeParse({ ...base, WEBHOOK_ALLOW_PRIVATE_TARGETS: "localhost" }).success).toBe(false);
    expect(workerEnvSchema.safeParse({ ...base, ENCRYPTION_KEY: "short" }).success).toBe(false);
  });

  it("refuses a pool below 2 and a drain time outside 1 s – 10 min", () => {
    for (const bad of [{ JOBS_POOL_MAX: "1" }, { WORKER_SHUTDOWN_TIMEOUT_MS: "999" }, { WORKER_SHUTDOWN_TIMEOUT_MS: "600001" }]) {
      expect(workerEnvSchema.safeParse({ ...base, ...bad }).success).toBe(false);
    }
    expect(workerEnvSchema.parse({ ...base, JOBS_POOL_MAX: "8", WORKER_SHUTDOWN_TIMEOUT_MS: "5000" })).toMatchObject({
      JOBS_POOL_MAX: 8,
      WORKER_SHUTDOWN_TIMEOUT_MS: 5000,
    });
  });
});
