import type { Command } from "commander";
import { table } from "../context";
import type { CliRunner } from "../program";

interface UsageRow {
  orgId: string;
  name: string;
  members: number;
  clients: number;
  projects: number;
  tasks: number;
  trashedTasks: number;
  comments: number;
  storageBytes: number;
  writes: number;
}

/**
 * `agency report usage`: per organization — members, clients, projects, live and trashed tasks,
 * comments, an estimate of stored bytes (pg_column_size of its rows in clients, projects, tasks,
 * task_comments and audit_logs; indexes not included) and API writes in the last N days (audit
 * entries with an acting user: every mutation is audited; reads are not recorded, so not counted).
 */
export function registerReport(program: Command, run: CliRunner) {
  const report = program.command("report").description("reports");
  report
    .command("usage")
    .description("per organization: members, clients, projects, tasks, comments, storage estimate, API writes")
    .option("--days <n>", "window for API writes (1–365)", "30")
    .action((options: { days: string }) =>
      run(async (ctx) => {
        const days = Math.min(Math.max(Number.parseInt(options.days, 10) || 30, 1), 365);
        const rows = await ctx.prisma.$queryRaw<UsageRow[]>`
          SELECT o.id::text AS "orgId", o.name,
            (SELECT count(*) FROM memberships m WHERE m.org_id = o.id)::int AS members,
            (SELECT count(*) FROM clients c WHERE c.org_id = o.id AND c.deleted_at IS NULL)::int AS clients,
            (SELECT count(*) FROM projects p WHERE p.org_id = o.id AND p.deleted_at IS NULL)::int AS projects,
            (SELECT count(*) FROM tasks t WHERE t.org_id = o.id AND t.deleted_at IS NULL)::int AS tasks,
            (SELECT count(*) FROM tasks t WHERE t.org_id = o.id AND t.deleted_at IS NOT NULL)::int AS "trashedTasks",
            (SELECT count(*) FROM task_comments tc WHERE tc.org_id = o.id AND tc.deleted_at IS NULL)::int AS comments,
            (coalesce((SELECT sum(pg_column_size(c.*)) FROM clients c WHERE c.org_id = o.id), 0)
             + coalesce((SELECT sum(pg_column_size(p.*)) FROM projects p WHERE p.org_id = o.id), 0)
             + coalesce((SELECT sum(pg_column_size(t.*)) FROM tasks t WHERE t.org_id = o.id), 0)
             + coalesce((SELECT sum(pg_column_size(tc.*)) FROM task_comments tc WHERE tc.org_id = o.id), 0)
             + coalesce((SELECT sum(pg_column_size(a.*)) FROM audit_logs a WHERE a.org_id = o.id), 0))::bigint::float8 AS "storageBytes",
            (SELECT count(*) FROM audit_logs a
              WHERE a.org_id = o.id AND a.actor_user_id IS NOT NULL AND a.created_at > now() - make_interval(days => ${days}))::int AS writes
          FROM organizations o WHERE o.deleted_at IS NULL ORDER BY o.name, o.id`;
        ctx.print(
          { days, organizations: rows },
          () =>
            `${table(rows as unknown as Record<string, unknown>[], ["orgId", "name", "members", "clients", "projects", "tasks", "trashedTasks", "comments", "storageBytes", "writes"])}\n` +
            `storageBytes: row sizes only (no indexes); writes: audited API mutations in the last ${days} days (reads are not recorded).`,
        );
      }),
    );
}
