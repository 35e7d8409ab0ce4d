import { PgBoss, type ConstructorOptions } from "pg-boss";
import type { Logger } from "pino";
import { PG_BOSS_SCHEMA } from "./schema-version";

/** pg-boss's statements are short; maintenance deletes run in batches. */
const JOBS_STATEMENT_TIMEOUT_MS = 30_000;

export interface BossOptions {
  databaseUrl: string;
  log: Logger;
  /** Size of pg-boss's own pool (it does not share the API's). */
  poolMax?: number;
  /** The worker runs schedules and maintenance; the CLI only reads and redrives. */
  role: "worker" | "cli";
  applicationName?: string;
  /** Tests shorten pg-boss's timers. */
  overrides?: Partial<ConstructorOptions>;
}

/**
 * A pg-boss instance on its own small pool, logged in as DATABASE_URL's role with `role=app_jobs`
 * set for the session: it reaches pg-boss's schema (which app_jobs owns) and nothing of the tenants'.
 * `migrate: false` — the schema comes from our migrations only; start() refuses any other version.
 */
export function createBoss(options: BossOptions): PgBoss {
  const worker = options.role === "worker";
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: PG_BOSS_SCHEMA,
    max: options.poolMax ?? 4,
    application_name: options.applicationName ?? (worker ? "agency-worker-jobs" : "agency-cli-jobs"),
    options: `-c role=app_jobs -c statement_timeout=${JOBS_STATEMENT_TIMEOUT_MS}`,
    connectionTimeoutMillis: 5_000,
    migrate: false,
    createSchema: false,
    supervise: worker,
    schedule: worker,
    registerInstance: worker,
    instanceName: worker ? "agency-worker" : undefined,
    ...options.overrides,
  });
  boss.on("error", (error: Error & { queue?: string }) =>
    options.log.error({ error: { type: error.name, message: error.message }, queue: error.queue }, "job queue error"),
  );
  boss.on("warning", (warning: { message: string; data?: unknown }) =>
    options.log.warn({ data: warning.data }, `job queue warning: ${warning.message}`),
  );
  return boss;
}
