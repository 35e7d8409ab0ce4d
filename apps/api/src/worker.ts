// The job worker: `pnpm worker` (dist/worker.js in production). Runs the queues of jobs/queues.ts
// with pg-boss — mail delivery, webhook deliveries, the hourly trash purge — and can run as any
// number of replicas.
import { createDatabase } from "@agency/db";
import type { WorkerEnv } from "@agency/validators";
import { EnvError, loadWorkerEnv } from "./env";
import { productionQueues } from "./jobs/handlers";
import { SCHEDULES } from "./jobs/queues";
import { createJobRunner } from "./jobs/runner";
import { createTargetPolicy } from "./lib/outbound-target";
import { secretBoxFromEnv } from "./lib/secret-box";
import { stripeConfigFromEnv } from "./billing/stripe/client";
import { createLogger } from "./observability/logger";
import { startMetricsListener } from "./observability/metrics-listener";
import { startObservability } from "./observability/observability";
import { createSmtpTransport } from "./services/mail/smtp-delivery";
import packageJson from "../package.json" with { type: "json" };

function loadEnv(): WorkerEnv {
  try {
    return loadWorkerEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    // One clear line naming every bad variable, then stop.
    console.error(`agency-worker: ${error.message}`);
    process.exit(1);
  }
}

async function main() {
  const env = loadEnv();
  const log = createLogger({ level: env.LOG_LEVEL }).child({ process: "worker" });
  // First, so the database is built observed (or, with nothing configured, not at all).
  const observing = await startObservability({ env, version: packageJson.version, component: "worker" });
  const { metrics } = observing.observability;
  const db = createDatabase({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    applicationName: "agency-worker",
    onIdleConnectionError: (error) => log.warn({ error: { type: error.name } }, "idle database connection lost"),
    instrumentation: observing.database,
  });
  metrics?.watchPool(() => db.poolStats());
  const secrets = secretBoxFromEnv(env);
  if (secrets.source === "none")
    log.warn("ENCRYPTION_KEYS is not set: webhook and Slack deliveries cannot be signed or sent");
  const transport = env.SMTP_URL ? createSmtpTransport(env.SMTP_URL) : undefined;
  const runner = createJobRunner({
    databaseUrl: env.DATABASE_URL,
    log,
    poolMax: env.JOBS_POOL_MAX,
    queues: productionQueues({
      db,
      mail: transport ? { transport, from: env.MAIL_FROM } : undefined,
      retentionDays: env.TRASH_RETENTION_DAYS,
      webhooks: {
        box: secrets.box,
        policy: createTargetPolicy({
          allowPrivateCidrs: env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
          allowedPorts: env.WEBHOOK_ALLOWED_PORTS,
        }),
        appUrl: env.APP_URL,
      },
      notifications: { box: secrets.box, appUrl: env.APP_URL },
      stripe: { box: secrets.box, config: stripeConfigFromEnv(env), appUrl: env.APP_URL },
      metrics,
    }),
    // BILLING_AUTO_INVOICE=off leaves retainer periods to people and Stripe.
    schedules: SCHEDULES.filter((s) => env.BILLING_AUTO_INVOICE === "on" || s.queue !== "billing.retainer-invoices"),
    unscheduled: env.BILLING_AUTO_INVOICE === "on" ? [] : ["billing.retainer-invoices"],
    metrics,
    errors: observing.observability.errors,
  });
  const metricsListener =
    metrics && env.METRICS_PORT
      ? await startMetricsListener({ metrics, port: env.METRICS_PORT, token: env.METRICS_TOKEN })
      : null;

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal, drainMs: env.WORKER_SHUTDOWN_TIMEOUT_MS }, "shutting down: no new jobs, draining running ones");
    // pg-boss gives running jobs the drain time, then releases the rest; this is the backstop.
    const force = setTimeout(() => {
      log.error("shutdown timed out; exiting");
      process.exit(1);
    }, env.WORKER_SHUTDOWN_TIMEOUT_MS + 10_000);
    force.unref();
    runner
      .stop(env.WORKER_SHUTDOWN_TIMEOUT_MS)
      .then(async () => {
        transport?.close();
        // A handler pg-boss released after the drain time may still hold a connection (an SMTP send
        // that does not answer): do not wait for it. Its transaction ends with the connection, and
        // its job is already back in the queue for another worker.
        await Promise.race([db.disconnect(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
        await metricsListener?.close();
        await observing.close();
        log.info("shutdown complete");
        process.exit(0);
      })
      .catch((error: Error) => {
        log.error({ error: { type: error.name, message: error.message } }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);

  await runner.start();
}

main().catch((error: Error) => {
  console.error(`agency-worker: failed to start: ${error.name}: ${error.message}`);
  process.exit(1);
});
