import { revenueMovementsSchema, revenueRangeInputSchema } from "@agency/validators";
import { revenueMovements } from "../../revenue/service";
import { orgProcedure } from "../../trpc/trpc";

/** The MRR movement table: one row per month (start, new, expansion, reactivation, contraction, churn, end). */
export const revenueMovementsProcedure = orgProcedure
  .meta({
    permission: "revenue:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/revenue/movements",
      tags: ["Revenue"],
      summary: "MRR movements by month",
      description:
        "One row per month for `months` months (default 12, at most 120) ending with `to` (default: the current month): start + new + expansion + reactivation − contraction − churn = end, to the minor unit. Both ends of a month are valued at that month's rates; the revaluation of last month's close is `fxAdjustment`, never a movement.",
    },
  })
  .input(revenueRangeInputSchema)
  .output(revenueMovementsSchema)
  .query(({ ctx, input }) => revenueMovements(ctx.scope, input));
