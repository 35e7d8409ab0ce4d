import { createDatabase } from "@agency/db";
import type { ApiEnv } from "@agency/validators";
import type { AnyTRPCRouter } from "@trpc/server";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import packageJson from "../package.json" with { type: "json" };
import { createGatewayFromEnv } from "./ai/gateway";
import { buildServer } from "./http/server";
import { createTargetPolicy } from "./lib/outbound-target";
import { secretBoxFromEnv } from "./lib/secret-box";
import { stripeConfigFromEnv } from "./billing/stripe/client";
import { startMetricsListener } from "./observability/metrics-listener";
import { startObservability } from "./observability/observability";
import { countRateLimitRefusals, countStreams } from "./observability/observed-registries";
import type { SpanProcessor } from "@opentelemetry/sdk-trace";
import { createLogger } from "./observability/logger";
import { BoardEventHub } from "./realtime/board-event-hub";
import { NotificationHub } from "./realtime/notification-hub";
import { createMemoryStreamRegistry, createRedisStreamRegistry } from "./realtime/stream-registry";
import { createDeviceTokens } from "./services/auth/device-tokens";
import { createRateLimiterRegistry, type RateLimiterRegistryOptions } from "./rate-limit/limiter-registry";
import type { ApiDeps } from "./trpc/context";

export interface CreateApiOptions {
  env: ApiEnv;
  /** Tests pass a logger writing to memory. */
  log?: Logger;
  /** Tests lower single limits; the table's names and keys stay. */
  rateLimitOverrides?: RateLimiterRegistryOptions["overrides"];
  /** Tests mount extra procedures beside the real router; production uses appRouter. */
  router?: AnyTRPCRouter;
  /** Tests capture spans here (an in-memory exporter) instead of exporting them over OTLP. */
  spanProcessor?: SpanProcessor;
  /** A close() step still running after this long is logged by name (default SLOW_SHUTDOWN_STEP_MS). */
  slowShutdownStepMs?: number;
}

/**
 * Every close() step is bounded by the work it waits for, so none should take this long; one that
 * does is named in a warning (with the pool's counters) instead of leaving a silent hang.
 */
export const SLOW_SHUTDOWN_STEP_MS = 5_000;

/** Composition root: builds every long-lived service and the HTTP server, and knows how to close them. */
export async function createApi(options: CreateApiOptions) {
  const { env } = options;
  const log = options.log ?? createLogger({ level: env.LOG_LEVEL });
  const shutdown = new AbortController();
  // First, so the database and the server are built observed (or, with nothing configured, not at all).
  const observing = await startObservability({ env, version: packageJson.version, spanProcessor: options.spanProcessor });
  const { metrics } = observing.observability;
  const db = createDatabase({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    applicationName: "agency-api",
    onIdleConnectionError: (error) =>
      log.warn({ error: { type: error.name, code: (error as { code?: string }).code } }, "idle database connection lost"),
    instrumentation: observing.database,
  });
  metrics?.watchPool(() => db.poolStats());
  const redis = env.REDIS_URL
    ? new Redis(env.REDIS_URL, {
        enableOfflineQueue: false,
        connectTimeout: 2_000,
        commandTimeout: 1_000,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      })
    : undefined;
  redis?.on("error", (error) => log.warn({ error: { type: error.name, message: error.message } }, "redis error"));

  const secrets = secretBoxFromEnv(env);
  if (secrets.source === "development") log.warn("ENCRYPTION_KEYS is not set: integration secrets use the fixed development key");
  if (secrets.source === "none") log.warn("ENCRYPTION_KEYS is not set: webhooks and Slack cannot be configured");
  /** Wraps a registry to count what metrics want from it; unwrapped when metrics are off. */
  const observed = <R>(registry: R, wrap: (registry: R, m: NonNullable<typeof metrics>) => R) =>
    metrics ? wrap(registry, metrics) : registry;
  const integrations = {
    box: secrets.box,
    policy: createTargetPolicy({ allowPrivateCidrs: env.WEBHOOK_ALLOW_PRIVATE_TARGETS, allowedPorts: env.WEBHOOK_ALLOWED_PORTS }),
    production: env.NODE_ENV === "production",
  };
  const deps: ApiDeps = {
    db,
    log,
    limiters: observed(
      createRateLimiterRegistry({ redis, scale: env.RATE_LIMIT_SCALE, overrides: options.rateLimitOverrides }),
      countRateLimitRefusals,
    ),
    streams: observed(redis ? createRedisStreamRegistry(redis) : createMemoryStreamRegistry(), countStreams),
    observability: observing.observability,
    // Listens (one dedicated connection) from the first board subscriber on.
    boardEvents: new BoardEventHub({ databaseUrl: env.DATABASE_URL, log }),
    notificationEvents: new NotificationHub({ databaseUrl: env.DATABASE_URL, log }),
    version: packageJson.version,
    startedAt: Date.now(),
    shutdownSignal: shutdown.signal,
    appUrl: env.APP_URL,
    allowedOrigins: env.CORS_ORIGINS,
    integrations,
    stripe: { box: secrets.box, config: stripeConfigFromEnv(env), appUrl: env.APP_URL },
    devTools: env.DEV_OUTBOX ?? env.NODE_ENV !== "production",
    ai: createGatewayFromEnv(env, { log, redis }),
    auth: {
      internalSecret: env.INTERNAL_API_SECRET,
      sessionTtlHours: env.SESSION_TTL_HOURS,
      deviceTokens: createDeviceTokens(env.INTERNAL_API_SECRET),
    },
  };
  // Background work (mail and webhook delivery, the trash purge) runs in the worker process (src/worker.ts).
  const app = await buildServer(env, deps, options.router);
  const metricsListener =
    metrics && env.METRICS_PORT
      ? await startMetricsListener({ metrics, port: env.METRICS_PORT, token: env.METRICS_TOKEN })
      : null;

  const slowStepMs = options.slowShutdownStepMs ?? SLOW_SHUTDOWN_STEP_MS;
  /** Runs one close() step; says which one, and what the database is doing, when it takes too long. */
  const step = async (name: string, run: () => Promise<unknown>) => {
    const started = Date.now();
    const slow = setTimeout(
      () => log.warn({ step: name, pendingMs: Date.now() - started, database: db.poolStats() }, "shutdown step still pending"),
      slowStepMs,
    );
    slow.unref();
    try {
      await run();
    } finally {
      clearTimeout(slow);
    }
  };

  let closing: Promise<void> | undefined;
  /**
   * Stops accepting, ends live streams, drains in-flight requests, then closes pools (the database
   * waits for transactions still in flight, e.g. of a stream whose client already left). Idempotent.
   */
  const close = () =>
    (closing ??= (async () => {
      shutdown.abort();
      await step("http", () => app.close());
      await step("realtime", () => Promise.all([deps.boardEvents.close(), deps.notificationEvents.close()]));
      await step("streams", () => deps.streams.close());
      await step("database", () => db.disconnect());
      if (redis) await step("redis", () => redis.quit().catch(() => redis.disconnect()));
      await step("metrics", async () => metricsListener?.close());
      await step("observability", () => observing.close());
    })());

  return { app, deps, close };
}

export type Api = Awaited<ReturnType<typeof createApi>>;
