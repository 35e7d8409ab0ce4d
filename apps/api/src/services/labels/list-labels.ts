import { sql } from "@agency/db";
import type { LabelUsage, listLabelsInputSchema } from "@agency/validators";
import type { z } from "zod";
import { escapeLike } from "../../lib/like-pattern";
import type { TenantScope } from "../scope";

/**
 * The labels the organization's live tasks carry, with how many tasks carry each: one grouped
 * statement over the GIN-indexed `labels` arrays, under RLS. Labels are stored in one spelling
 * (lower-case, see taskLabelSchema), so matching the lower-cased search is case-insensitive.
 * Labels starting with the search come first, then the most used, then alphabetical.
 */
export async function listLabels(scope: TenantScope, input: Omit<z.output<typeof listLabelsInputSchema>, "orgId">): Promise<{ items: LabelUsage[] }> {
  const term = input.search?.trim() ?? "";
  const contains = `%${escapeLike(term)}%`;
  const prefix = `${escapeLike(term)}%`;
  const rows = await scope.sql.all(
    sql<{ label: string; task_count: number }>`
      SELECT l.label, count(*)::int AS task_count
        FROM tasks t
        JOIN projects p ON p.id = t.project_id AND p.org_id = t.org_id AND p.deleted_at IS NULL
        CROSS JOIN LATERAL unnest(t.labels) AS l(label)
       WHERE t.org_id = ${scope.org.id} AND t.deleted_at IS NULL AND l.label LIKE ${contains}
       GROUP BY l.label
       ORDER BY (l.label LIKE ${prefix}) DESC, count(*) DESC, l.label ASC
       LIMIT ${input.limit}`,
  );
  return { items: rows.map((row) => ({ label: row.label, taskCount: row.task_count })) };
}
