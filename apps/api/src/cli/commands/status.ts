import { getJobQueueSchemaVersion, getMigrationStatus } from "@agency/db";
import type { Command } from "commander";
import { PG_BOSS_SCHEMA_VERSION } from "../../jobs/schema-version";
import { EXIT, table, type CliContext } from "../context";
import type { CliRunner } from "../program";

interface QueueRow {
  name: string;
  policy: string;
  deadLetter: string | null;
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/** Counts straight from pg-boss's tables: exact, and readable even when its schema version is wrong. */
async function readQueues(ctx: CliContext): Promise<QueueRow[]> {
  return ctx.prisma.$queryRaw<QueueRow[]>`
    SELECT q.name, q.policy, q.dead_letter AS "deadLetter",
           count(j.id) FILTER (WHERE j.state = 'created')::int AS created,
           count(j.id) FILTER (WHERE j.state = 'retry')::int AS retry,
           count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
           count(j.id) FILTER (WHERE j.state = 'completed')::int AS completed,
           count(j.id) FILTER (WHERE j.state = 'failed')::int AS failed,
           count(j.id) FILTER (WHERE j.state = 'cancelled')::int AS cancelled
      FROM pgboss.queue q LEFT JOIN pgboss.job j ON j.name = q.name
     WHERE q.name NOT LIKE '\\_\\_pgboss%'
     GROUP BY q.name, q.policy, q.dead_letter
     ORDER BY q.name`;
}

/** `agency status`: migrations, the job queue's schema, every queue's counts, dead and recently failed jobs, live workers. */
export function registerStatus(program: Command, run: CliRunner) {
  program
    .command("status")
    .description(
      "migrations, job queue schema, queues with counts, dead-lettered and failed jobs, live workers (exit 3 when migrations or the queue schema need attention)",
    )
    .action(() =>
      run(async (ctx) => {
        const migrations = await getMigrationStatus(ctx.prisma);
        const schemaVersion = await getJobQueueSchemaVersion(ctx.prisma);
        const jobQueue = {
          ok: schemaVersion === PG_BOSS_SCHEMA_VERSION,
          schemaVersion,
          expected: PG_BOSS_SCHEMA_VERSION,
        };
        const queues = schemaVersion === null ? [] : await readQueues(ctx);
        const deadLetterNames = new Set(queues.map((q) => q.deadLetter).filter(Boolean));
        const dead = queues
          .filter((q) => deadLetterNames.has(q.name))
          .map((q) => ({ queue: q.name, jobs: q.created + q.retry }));
        const failedJobs =
          schemaVersion === null
            ? []
            : await ctx.prisma.$queryRaw<
                { queue: string; id: string; attempts: number; failedOn: Date | null; error: string | null }[]
              >`
                SELECT name AS queue, id::text, retry_count + 1 AS attempts, completed_on AS "failedOn",
                       left(coalesce(output->>'message', output::text), 200) AS error
                  FROM pgboss.job WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT 10`;
        const [workers] =
          schemaVersion === null
            ? [{ live: 0 }]
            : await ctx.prisma.$queryRaw<{ live: number }[]>`
                SELECT count(*)::int AS live FROM pgboss.instance
                 WHERE stopped_on IS NULL AND heartbeat_on > now() - make_interval(secs => 3 * heartbeat_seconds)`;
        const ok = migrations.pending === 0 && migrations.failed === 0 && jobQueue.ok;
        ctx.print({ ok, migrations, jobQueue, queues, dead, failedJobs, workers: workers?.live ?? 0 }, () =>
          [
            `Migrations: ${migrations.applied} applied, ${migrations.pending} pending, ${migrations.failed} failed (latest ${migrations.latest ?? "–"})`,
            `Job queue schema: ${schemaVersion ?? "missing"} (this build expects ${PG_BOSS_SCHEMA_VERSION})${jobQueue.ok ? "" : "  ← run `pnpm agency migrate`"}`,
            `Live workers: ${workers?.live ?? 0}`,
            "",
            "Queues:",
            table(queues as unknown as Record<string, unknown>[], [
              "name",
              "policy",
              "created",
              "retry",
              "active",
              "completed",
              "failed",
              "deadLetter",
            ]),
            "",
            `Dead-lettered jobs: ${dead.reduce((n, d) => n + d.jobs, 0)}${dead.some((d) => d.jobs > 0) ? "  (retry: pnpm agency jobs retry --dead)" : ""}`,
            "",
            "Recently failed jobs:",
            table(failedJobs, ["queue", "id", "attempts", "failedOn", "error"]),
          ].join("\n"),
        );
        if (!ok) process.exitCode = EXIT.attention;
      }),
    );
}
