import { revenueClientsSchema, revenueMonthInputSchema } from "@agency/validators";
import { revenueClients } from "../../revenue/service";
import { orgProcedure } from "../../trpc/trpc";

/** Per client: MRR, change, retainers, outstanding balance and last payment. */
export const revenueClientsProcedure = orgProcedure
  .meta({
    permission: "revenue:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/revenue/clients",
      tags: ["Revenue"],
      summary: "Revenue per client",
      description:
        "Every client with MRR in the month or the month before, or with open invoices: MRR and its change (both at the month's rates), the movement that changed it, retainers counting, the outstanding balance per currency and the last payment.",
    },
  })
  .input(revenueMonthInputSchema)
  .output(revenueClientsSchema)
  .query(({ ctx, input }) => revenueClients(ctx.scope, input));
