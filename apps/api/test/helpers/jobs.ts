import type { PrismaClient } from "@agency/db";
import type { ConstructorOptions } from "pg-boss";
import { createJobRunner, type JobHandler } from "../../src/jobs/runner";
import type { QueueDefinition } from "../../src/jobs/queues";
import { createLogger } from "../../src/observability/logger";
import type { ErrorReporter } from "../../src/observability/error-reporting";
import type { ApiMetrics } from "../../src/observability/metrics";

/** pg-boss timers short enough for tests (cron pass, maintenance), nothing else changed. */
export const FAST_BOSS: Partial<ConstructorOptions> = {
  cronWorkerIntervalSeconds: 1,
  cronMonitorIntervalSeconds: 1,
  superviseIntervalSeconds: 1,
  maintenanceIntervalSeconds: 1,
};

/** A worker engine (the one `pnpm worker` runs) on the test database, its log lines kept in memory. */
export async function startRunner(
  databaseUrl: string,
  queues: { definition: QueueDefinition; handler: JobHandler<never> }[],
  options: { schedules?: { queue: string; cron: string }[]; metrics?: ApiMetrics; errors?: ErrorReporter } = {},
) {
  const lines: string[] = [];
  const log = createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  const runner = createJobRunner({
    databaseUrl,
    log,
    queues,
    schedules: options.schedules,
    metrics: options.metrics,
    errors: options.errors,
    poolMax: 3,
    bossOverrides: FAST_BOSS,
  });
  await runner.start();
  return { ...runner, logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** A queue definition for tests: no backoff unless asked, polled twice a second. */
export function testQueue(
  name: string,
  options: Partial<QueueDefinition["options"]> = {},
  localConcurrency = 2,
): QueueDefinition {
  return {
    name,
    options: { policy: "standard", retryLimit: 0, retryDelay: 0, expireInSeconds: 60, ...options },
    localConcurrency,
    pollingIntervalSeconds: 0.5,
  };
}

export interface JobRow {
  id: string;
  name: string;
  state: string;
  data: Record<string, unknown> | null;
  retry_count: number;
  source_id: string | null;
  start_after: Date;
}

/** pg-boss's job rows of a queue, read with the fixtures' (superuser) connection. */
export function jobsOf(prisma: PrismaClient, queue: string) {
  return prisma.$queryRaw<JobRow[]>`
    SELECT id::text, name, state::text, data, retry_count, source_id::text, start_after
      FROM pgboss.job WHERE name = ${queue} ORDER BY created_on, id`;
}
