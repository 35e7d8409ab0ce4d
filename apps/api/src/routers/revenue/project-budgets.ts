import { projectBudgetListSchema, projectBudgetsInputSchema } from "@agency/validators";
import { projectBudgets } from "../../revenue/budgets";
import { orgProcedure } from "../../trpc/trpc";

/** Budget vs invoiced vs uninvoiced for a page of projects (invoiced amounts are revenue: revenue:read). */
export const projectBudgetsProcedure = orgProcedure
  .meta({
    permission: "revenue:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/project-budgets",
      tags: ["Revenue"],
      summary: "Project budgets vs invoiced",
      description:
        "For each project: its budget, what issued invoices (open, paid, uncollectible — never void) billed against it, what draft invoices hold (uninvoiced), the remainder and whether invoiced exceeds the budget. Compared in the project's currency; other currencies are listed apart.",
    },
  })
  .input(projectBudgetsInputSchema)
  .output(projectBudgetListSchema)
  .query(({ ctx, input }) => projectBudgets(ctx.scope, input));
