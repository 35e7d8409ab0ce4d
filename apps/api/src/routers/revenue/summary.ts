import { revenueMonthInputSchema, revenueSummarySchema } from "@agency/validators";
import { revenueSummary } from "../../revenue/service";
import { orgProcedure } from "../../trpc/trpc";

/** MRR, ARR, change vs last month, NRR/GRR over 12 months, logo churn and ARPA for one month. */
export const revenueSummaryProcedure = orgProcedure
  .meta({
    permission: "revenue:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/revenue/summary",
      tags: ["Revenue"],
      summary: "Revenue summary",
      description:
        "MRR and ARR at the close of a month (default: now) in the organization's base currency, the change vs last month, 12-month net and gross MRR retention, logo churn and ARPA. Amounts are integer minor units; ratios basis points; `ratesUsed` names every exchange rate applied.",
    },
  })
  .input(revenueMonthInputSchema)
  .output(revenueSummarySchema)
  .query(({ ctx, input }) => revenueSummary(ctx.scope, input));
