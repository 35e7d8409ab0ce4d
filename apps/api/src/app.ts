import { createDatabase } from "@agency/db";
import type { ApiEnv } from "@agency/validators";
import type { AnyTRPCRouter } from "@trpc/server";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import packageJson from "../package.json" with { type: "json" };
import { buildServer } from "./http/server";
import { createTargetPolicy } from "./lib/outbound-target";
import { secretBoxFromEnv } from "./lib/secret-box";
import { startInProcessDelivery } from "./services/webhooks/in-process-driver";
import { createLogger } from "./observability/logger";
import { BoardEventHub } from "./realtime/board-event-hub";
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
}

/** Composition root: builds every long-lived service and the HTTP server, and knows how to close them. */
export async function createApi(options: CreateApiOptions) {
  const { env } = options;
  const log = options.log ?? createLogger({ level: env.LOG_LEVEL });
  const shutdown = new AbortController();
  const db = createDatabase({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    applicationName: "agency-api",
    onIdleConnectionError: (error) =>
      log.warn({ error: { type: error.name, code: (error as { code?: string }).code } }, "idle database connection lost"),
  });
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
  const integrations = {
    box: secrets.box,
    policy: createTargetPolicy({ allowPrivateCidrs: env.WEBHOOK_ALLOW_PRIVATE_TARGETS, allowedPorts: env.WEBHOOK_ALLOWED_PORTS }),
    production: env.NODE_ENV === "production",
  };
  const deps: ApiDeps = {
    db,
    log,
    limiters: createRateLimiterRegistry({
      redis,
      scale: env.RATE_LIMIT_SCALE,
      overrides: options.rateLimitOverrides,
    }),
    streams: redis ? createRedisStreamRegistry(redis) : createMemoryStreamRegistry(),
    // Listens (one dedicated connection) from the first board subscriber on.
    boardEvents: new BoardEventHub({ databaseUrl: env.DATABASE_URL, log }),
    version: packageJson.version,
    startedAt: Date.now(),
    shutdownSignal: shutdown.signal,
    appUrl: env.APP_URL,
    allowedOrigins: env.CORS_ORIGINS,
    integrations,
    devTools: env.DEV_OUTBOX ?? env.NODE_ENV !== "production",
    auth: {
      internalSecret: env.INTERNAL_API_SECRET,
      sessionTtlHours: env.SESSION_TTL_HOURS,
      deviceTokens: createDeviceTokens(env.INTERNAL_API_SECRET),
    },
  };
  // Background work (mail delivery, the trash purge) runs in the worker process (src/worker.ts).
  const app = await buildServer(env, deps, options.router);
  // TEMPORARY until the job queue lands: this process delivers due webhook deliveries itself
  // (the lead replaces it with the `webhook.deliver` queue; see services/webhooks/in-process-driver.ts).
  const webhookDelivery = env.WEBHOOK_INPROCESS_DELIVERY
    ? startInProcessDelivery({ db, box: integrations.box, policy: integrations.policy, appUrl: env.APP_URL, log })
    : null;

  let closing: Promise<void> | undefined;
  /** Stops accepting, ends live streams, drains in-flight requests, then closes pools. Idempotent. */
  const close = () =>
    (closing ??= (async () => {
      shutdown.abort();
      await app.close();
      await webhookDelivery?.stop();
      await deps.boardEvents.close();
      await deps.streams.close();
      await db.disconnect();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    })());

  return { app, deps, close };
}

export type Api = Awaited<ReturnType<typeof createApi>>;
