import {
  stripeClientInputSchema,
  stripeInvoiceInputSchema,
  stripeLinkSchema,
  stripeRetainerInputSchema,
  stripeSyncQueuedSchema,
} from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { createCheckoutLink, createPortalLink, queueStripeSync } from "../../billing/stripe/sync";
import { orgProcedure } from "../../trpc/trpc";

/** Makes the client a Stripe customer (a stripe.sync job; retried while Stripe is down). */
export const syncStripeCustomerProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(stripeClientInputSchema)
  .output(stripeSyncQueuedSchema)
  .mutation(async ({ ctx, input }) => {
    const client = await ctx.scope.tx.client.findFirst({ where: { id: input.clientId, orgId: ctx.scope.org.id, deletedAt: null }, select: { id: true } });
    if (!client) throw new AppError("NOT_FOUND", "Client not found.");
    return queueStripeSync(ctx.scope, { kind: "customer", clientId: input.clientId });
  });

/** Finalizes the invoice in Stripe with a hosted payment page (its link lands on the invoice as hosted_url). */
export const sendStripeInvoiceProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(stripeInvoiceInputSchema)
  .output(stripeSyncQueuedSchema)
  .mutation(async ({ ctx, input }) => {
    const invoice = await ctx.scope.tx.invoice.findFirst({ where: { id: input.invoiceId, orgId: ctx.scope.org.id }, select: { status: true } });
    if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found.");
    if (invoice.status !== "draft" && invoice.status !== "open") {
      throw new AppError("CONFLICT", `This invoice is ${invoice.status}: there is nothing to collect.`);
    }
    return queueStripeSync(ctx.scope, { kind: "invoice", invoiceId: input.invoiceId });
  });

/** Creates or updates the retainer's Stripe subscription from its current terms. */
export const syncStripeRetainerProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(stripeRetainerInputSchema)
  .output(stripeSyncQueuedSchema)
  .mutation(async ({ ctx, input }) => {
    const retainer = await ctx.scope.tx.retainer.findFirst({ where: { id: input.retainerId, orgId: ctx.scope.org.id, deletedAt: null }, select: { id: true } });
    if (!retainer) throw new AppError("NOT_FOUND", "Retainer not found.");
    return queueStripeSync(ctx.scope, { kind: "subscription", retainerId: input.retainerId });
  });

/** A Stripe Checkout page for paying the invoice's amount due (a first payment). */
export const stripeCheckoutLinkProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(stripeInvoiceInputSchema)
  .output(stripeLinkSchema)
  .mutation(({ ctx, input }) => createCheckoutLink(ctx.scope, ctx.stripe, input));

/** The Stripe customer portal of a client already synced to Stripe. */
export const stripePortalLinkProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(stripeClientInputSchema)
  .output(stripeLinkSchema)
  .mutation(({ ctx, input }) => createPortalLink(ctx.scope, ctx.stripe, input));
