import { sql } from "@agency/db";
import type { projectBudgetListSchema, projectBudgetsInputSchema } from "@agency/validators";
import type { z } from "zod";
import type { TenantScope } from "../services/scope";
import { toWire } from "./service";

type LineSum = { project_id: string; currency: string; invoiced: string; uninvoiced: string };

/**
 * Budget vs invoiced vs uninvoiced per project:
 * - invoiced: lines (with this project_id) of issued invoices — open, paid or uncollectible
 *   (void invoices never count; credit lines are negative and reduce it);
 * - uninvoiced: lines of draft invoices — work put on an invoice that has not been issued yet;
 * - compared with the budget only in the project's own currency; lines in another currency are
 *   listed apart (no silent conversion of a budget).
 * One grouped query for the whole page of projects.
 */
export async function projectBudgets(
  scope: TenantScope,
  input: z.output<typeof projectBudgetsInputSchema>,
): Promise<z.input<typeof projectBudgetListSchema>> {
  const ids = [...new Set(input.projectIds)];
  const projects = await scope.sql.all(
    sql<{
      id: string;
      currency: string;
      budget_minor: string | null;
    }>`SELECT id, currency, budget_minor::text AS budget_minor
      FROM projects WHERE org_id = ${scope.org.id} AND id = ANY(${ids}::uuid[])`,
  );
  const sums = await scope.sql.all(
    sql<LineSum>`SELECT l.project_id, i.currency,
        coalesce(sum(l.amount) FILTER (WHERE i.status IN ('open', 'paid', 'uncollectible')), 0)::text AS invoiced,
        coalesce(sum(l.amount) FILTER (WHERE i.status = 'draft'), 0)::text AS uninvoiced
      FROM invoice_lines l
      JOIN invoices i ON i.org_id = l.org_id AND i.id = l.invoice_id
      WHERE l.org_id = ${scope.org.id} AND l.project_id = ANY(${ids}::uuid[]) AND i.status <> 'void'
      GROUP BY l.project_id, i.currency`,
  );
  const byProject = new Map<string, LineSum[]>();
  for (const sum of sums) byProject.set(sum.project_id, [...(byProject.get(sum.project_id) ?? []), sum]);

  const order = new Map(ids.map((id, index) => [id, index]));
  projects.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return {
    items: projects.map((project) => {
      const lines = byProject.get(project.id) ?? [];
      const own = lines.find((line) => line.currency === project.currency);
      const invoiced = BigInt(own?.invoiced ?? "0");
      const uninvoiced = BigInt(own?.uninvoiced ?? "0");
      const budget = project.budget_minor === null ? null : BigInt(project.budget_minor);
      return {
        projectId: project.id,
        currency: project.currency,
        budget: budget === null ? null : toWire(budget),
        invoiced: toWire(invoiced),
        uninvoiced: toWire(uninvoiced),
        remaining: budget === null ? null : toWire(budget - invoiced),
        overBudget: budget !== null && invoiced > budget,
        otherCurrencies: lines
          .filter((line) => line.currency !== project.currency)
          .map((line) => ({
            currency: line.currency,
            invoiced: toWire(BigInt(line.invoiced)),
            uninvoiced: toWire(BigInt(line.uninvoiced)),
          })),
      };
    }),
  };
}
