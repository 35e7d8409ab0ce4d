import { balancesOwedSchema, clientBalanceInputSchema, clientBalanceSchema, ledgerSummaryInputSchema, ledgerSummarySchema, orgIdInputSchema } from "@agency/validators";
import { balancesOwed, clientBalance, ledgerSummary } from "../../billing/services";
import { orgProcedure, router } from "../../trpc/trpc";

const TAGS: ["Billing"] = ["Billing"];

/** Balances derived from the ledger. */
export const billingRouter = router({
  clientBalance: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: {
        method: "GET",
        path: "/clients/{clientId}/balance",
        tags: TAGS,
        summary: "A client's balance",
        description: "What the client owes per currency (its receivable account in the ledger) and how many invoices are open.",
      },
    })
    .input(clientBalanceInputSchema)
    .output(clientBalanceSchema)
    .query(({ ctx, input }) => clientBalance(ctx.scope, input.clientId)),

  balances: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: { method: "GET", path: "/billing/balances", tags: TAGS, summary: "Balances owed", description: "Every client that owes something, per currency, largest first." },
    })
    .input(orgIdInputSchema)
    .output(balancesOwedSchema)
    .query(({ ctx }) => balancesOwed(ctx.scope)),

  ledger: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: {
        method: "GET",
        path: "/billing/ledger",
        tags: TAGS,
        summary: "Ledger summary",
        description: "Every ledger account's balance as of `asOf` (by effective time), the per-currency totals (always summing to zero) and the latest journal entries.",
      },
    })
    .input(ledgerSummaryInputSchema)
    .output(ledgerSummarySchema)
    .query(({ ctx, input }) => ledgerSummary(ctx.scope, { asOf: input.asOf ? new Date(input.asOf) : undefined })),
});
