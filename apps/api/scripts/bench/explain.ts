import type pg from "pg";
import { isDataStatement, type CapturedStatement } from "./statement-log";

/**
 * Replays one request's statements on `client` exactly as the API sent them (same
 * transaction, SET LOCAL ROLE app_user and tenant settings, so RLS is in the plan),
 * with EXPLAIN (ANALYZE, BUFFERS) in front of the reads that touch `table`; ends with
 * ROLLBACK. Returns each such statement with its plan.
 */
export async function explainRequest(
  client: pg.ClientBase,
  statements: readonly CapturedStatement[],
  table = "tasks",
): Promise<{ sql: string; plan: string }[]> {
  const plans: { sql: string; plan: string }[] = [];
  const tableRef = new RegExp(`"${table}"`);
  try {
    for (const statement of statements) {
      const text = statement.text.trim();
      if (/^COMMIT\b/i.test(text)) {
        await client.query("ROLLBACK");
        continue;
      }
      if (isDataStatement(text) && tableRef.test(text) && /^SELECT\b/i.test(text)) {
        const { rows } = await client.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
          statement.values as unknown[],
        );
        plans.push({ sql: text, plan: rows.map((r) => r["QUERY PLAN"]).join("\n") });
        continue;
      }
      await client.query(text, statement.values as unknown[]);
    }
  } finally {
    await client.query("ROLLBACK").catch(() => {});
  }
  return plans;
}
