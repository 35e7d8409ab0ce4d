import {
  createInvoiceInputSchema,
  generateRetainerInvoiceInputSchema,
  invoiceActionInputSchema,
  invoiceDetailSchema,
  invoiceIdInputSchema,
  invoicePageSchema,
  invoiceSchema,
  issueInvoiceInputSchema,
  listInvoicesInputSchema,
  markInvoicePaidInputSchema,
  refundInvoiceInputSchema,
} from "@agency/validators";
import {
  createInvoice,
  generateRetainerInvoice,
  getInvoice,
  issueInvoice,
  listInvoices,
  markUncollectible,
  recordPayment,
  voidInvoice,
} from "../../billing/services";
import { refundInvoicePayment } from "../../billing/stripe/refund-in-stripe";
import { pushInvoiceVoidToStripe } from "../../billing/stripe/void-in-stripe";
import { orgProcedure, router } from "../../trpc/trpc";

const TAGS: ["Invoices"] = ["Invoices"];
/** A due date is a day: due at the end of it (UTC). */
const dueAt = (day: string | null | undefined) => (day ? new Date(`${day}T23:59:59.999Z`) : day === null ? null : undefined);

/** Invoices: draft → open (issued) → paid / void / uncollectible; payments and refunds against them. */
export const invoicesRouter = router({
  list: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: {
        method: "GET",
        path: "/invoices",
        tags: TAGS,
        summary: "List invoices",
        description: "Invoices newest first, filtered by client, retainer, status (`?status=open,paid`) and currency; cursor-paginated.",
      },
    })
    .input(listInvoicesInputSchema)
    .output(invoicePageSchema)
    .query(({ ctx, input }) => listInvoices(ctx.scope, input)),

  get: orgProcedure
    .meta({
      permission: "billing:read",
      limit: "read",
      openapi: { method: "GET", path: "/invoices/{invoiceId}", tags: TAGS, summary: "Get an invoice", description: "One invoice with its lines, payments, refunds and journal entries." },
    })
    .input(invoiceIdInputSchema)
    .output(invoiceDetailSchema)
    .query(({ ctx, input }) => getInvoice(ctx.scope, input.invoiceId)),

  create: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/invoices",
        tags: TAGS,
        successStatus: 201,
        location: "/invoices/{id}",
        summary: "Create a draft invoice",
        description: "A one-off invoice with lines (each optionally for a project of the client) and a separate tax amount, in minor units of its currency. Nothing is owed until it is issued.",
      },
    })
    .input(createInvoiceInputSchema)
    .output(invoiceSchema)
    .mutation(({ ctx, input }) => createInvoice(ctx.scope, { ...input, dueAt: dueAt(input.dueDate) })),

  generateForRetainer: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/retainers/{retainerId}/invoices",
        tags: TAGS,
        summary: "Invoice a retainer's period",
        description: "The invoice of the retainer's period containing `periodContaining` (default now), issued unless `issue: false`. Idempotent per period.",
      },
    })
    .input(generateRetainerInvoiceInputSchema)
    .output(invoiceSchema)
    .mutation(({ ctx, input }) =>
      generateRetainerInvoice(ctx.scope, {
        retainerId: input.retainerId,
        issue: input.issue,
        periodContaining: input.periodContaining ? new Date(input.periodContaining) : undefined,
      }),
    ),

  issue: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: { method: "POST", path: "/invoices/{invoiceId}/issue", tags: TAGS, summary: "Issue an invoice", description: "Draft → open: numbered, and the client owes it (posted to the ledger)." },
    })
    .input(issueInvoiceInputSchema)
    .output(invoiceSchema)
    .mutation(({ ctx, input }) => issueInvoice(ctx.scope, { invoiceId: input.invoiceId, expectedVersion: input.expectedVersion, dueAt: dueAt(input.dueDate) })),

  markPaid: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/invoices/{invoiceId}/payments",
        tags: TAGS,
        summary: "Record a payment",
        description: "Money received outside Stripe (bank transfer by default); default amount: what is still due. A repeated `reference` records nothing new.",
      },
    })
    .input(markInvoicePaidInputSchema)
    .output(invoiceSchema)
    .mutation(async ({ ctx, input }) => {
      const { invoice } = await recordPayment(ctx.scope, {
        invoiceId: input.invoiceId,
        amount: input.amount,
        method: input.method,
        externalId: input.reference ?? null,
        receivedAt: input.receivedAt ? new Date(input.receivedAt) : undefined,
      });
      return invoice;
    }),

  refund: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/invoices/{invoiceId}/refunds",
        tags: TAGS,
        summary: "Refund a payment",
        description:
          "Returns part or all of a payment (at most what it has left). A payment made through Stripe, with Stripe connected, is refunded by Stripe: the refund is recorded when Stripe has made it (seconds later), so the answer is the invoice as it was.",
      },
    })
    .input(refundInvoiceInputSchema)
    .output(invoiceSchema)
    .mutation(async ({ ctx, input }) => (await refundInvoicePayment(ctx.scope, input)).invoice),

  void: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/invoices/{invoiceId}/void",
        tags: TAGS,
        summary: "Void an invoice",
        description: "A draft, or an open invoice with nothing paid; the ledger entry is reversed. An invoice finalized in Stripe is voided there too (seconds later).",
      },
    })
    .input(invoiceActionInputSchema)
    .output(invoiceSchema)
    .mutation(async ({ ctx, input }) => {
      const invoice = await voidInvoice(ctx.scope, input);
      await pushInvoiceVoidToStripe(ctx.scope, invoice);
      return invoice;
    }),

  markUncollectible: orgProcedure
    .meta({
      permission: "billing:manage",
      limit: "write",
      openapi: {
        method: "POST",
        path: "/invoices/{invoiceId}/uncollectible",
        tags: TAGS,
        summary: "Write an invoice off",
        description: "Open → uncollectible: what is still due is written off in the ledger.",
      },
    })
    .input(invoiceActionInputSchema)
    .output(invoiceSchema)
    .mutation(({ ctx, input }) => markUncollectible(ctx.scope, input)),
});
