import { AppError } from "../../errors/app-error";
import { enqueue } from "../../jobs/enqueue";
import type { TenantScope } from "../../services/scope";
import { stripeClientFor } from "./connection";
import { endOnRefusal, idempotencyKeys, tenant, type StripeSyncDeps, type Who } from "./sync-context";

/**
 * An invoice voided here that Stripe has finalized (`stripe_invoice_id`) still has a hosted page the
 * client could pay: the void goes to Stripe too, as a stripe.sync job queued in the void's own
 * transaction (the job exists iff the void commits). No Stripe invoice, or Stripe not connected:
 * nothing is queued. (Like pushRetainerToStripe: the procedure calls it after the service.)
 */
export async function pushInvoiceVoidToStripe(scope: TenantScope, invoice: { id: string; status: string; stripeInvoiceId: string | null }) {
  if (invoice.status !== "void" || !invoice.stripeInvoiceId) return;
  const connected = await scope.tx.stripeConnection.findUnique({ where: { orgId: scope.org.id }, select: { id: true } });
  if (connected) await enqueue(scope, "stripe.sync", { kind: "invoice_void", invoiceId: invoice.id });
}

/**
 * The job: Stripe's invoice as it is NOW decides. Open or uncollectible → voided (key
 * `agency:invoice:<id>:void`). Already void → nothing to do. Paid → the client paid before our void
 * reached Stripe: nothing changes here either — the invoice.paid event Stripe sends is refused by
 * our rules (`rejected_conflict`, "Stripe says paid, but the invoice is void here") and shows in the
 * Stripe event log for someone to refund or reissue. Stripe refusing the void (a draft, an invoice
 * gone) ends the job with that outcome, audited; it is not retried.
 */
export async function voidInStripe(deps: StripeSyncDeps, who: Who, invoiceId: string) {
  return endOnRefusal(deps, who, { kind: "invoice_void", target: { type: "invoice", id: invoiceId } }, async () => {
    const { invoice, stripe } = await tenant(deps, who, async (scope) => {
      const row = await scope.tx.invoice.findFirst({ where: { id: invoiceId, orgId: who.orgId }, select: { status: true, stripeInvoiceId: true } });
      if (!row) throw new AppError("NOT_FOUND", "Invoice not found.");
      return { invoice: row, stripe: await stripeClientFor(scope, deps.stripe) };
    });
    const stripeInvoiceId = invoice.stripeInvoiceId;
    if (invoice.status !== "void" || !stripeInvoiceId) return { outcome: "skipped_not_void_here" };
    const remote = await stripe.invoices.retrieve(stripeInvoiceId);
    if (remote.status === "void") return { outcome: "already_void", stripeInvoiceId };
    if (remote.status === "paid") {
      deps.log.warn({ invoiceId, stripeInvoiceId }, "invoice voided here was already paid in Stripe: the invoice.paid event decides");
      return { outcome: "paid_in_stripe", stripeInvoiceId };
    }
    await stripe.invoices.voidInvoice(stripeInvoiceId, {}, { idempotencyKey: idempotencyKeys.voidInvoice(invoiceId) });
    return { outcome: "voided_in_stripe", stripeInvoiceId };
  });
}
