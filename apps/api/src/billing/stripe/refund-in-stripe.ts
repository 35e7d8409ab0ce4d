import { randomUUID } from "node:crypto";
import type { InvoiceDto } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { enqueue } from "../../jobs/enqueue";
import type { StripeSyncPayload } from "../../jobs/queues";
import { audited } from "../../services/audit";
import type { TenantScope } from "../../services/scope";
import { lockRefundablePayment, lockRefundInvoice, refundPayment } from "../services";
import { stripeClientFor } from "./connection";
import { endOnRefusal, idempotencyKeys, tenant, type StripeSyncDeps, type Who } from "./sync-context";

/** What Stripe refunds a payment of ours by: its PaymentIntent (`pi_…`, what Stripe payments record) or charge. */
function stripeRefundTarget(payment: { method: string; externalId: string | null }) {
  if (payment.method !== "stripe" || !payment.externalId) return null;
  if (payment.externalId.startsWith("pi_")) return { payment_intent: payment.externalId };
  if (payment.externalId.startsWith("ch_")) return { charge: payment.externalId };
  return null;
}

/**
 * A refund asked for here (invoices.refund). A payment made through Stripe, while Stripe is
 * connected, is refunded BY Stripe: this only checks the amount against the payment (both rows
 * locked), queues a stripe.sync job in this transaction and audits the request — our refund, its
 * ledger entry and its audit entry are written when Stripe has answered (refundInStripe), so the
 * books never show money returned that Stripe did not return. Any other payment (bank transfer,
 * Stripe not connected, a Stripe payment with no PaymentIntent or charge on record) is refunded
 * here at once, as before.
 */
export async function refundInvoicePayment(
  scope: TenantScope,
  input: { invoiceId: string; paymentId?: string; amount: number; reason?: string },
): Promise<{ invoice: InvoiceDto; sentToStripe: boolean }> {
  const invoice = await lockRefundInvoice(scope, input);
  const payment = await lockRefundablePayment(scope, invoice, input);
  const target = stripeRefundTarget({ method: payment.method, externalId: payment.external_id });
  const connected = target ? await scope.tx.stripeConnection.findUnique({ where: { orgId: scope.org.id }, select: { id: true } }) : null;
  if (!connected) {
    const refunded = await refundPayment(scope, { ...input, paymentId: payment.id });
    return { invoice: refunded.invoice, sentToStripe: false };
  }
  const refundId = randomUUID();
  await enqueue(scope, "stripe.sync", { kind: "refund", refundId, paymentId: payment.id, amount: input.amount, reason: input.reason ?? null });
  await audited(scope, "payment.refund_requested", { type: "invoice", id: invoice.id }, {
    paymentId: payment.id,
    refundId,
    amount: input.amount,
    currency: invoice.currency,
  });
  return { invoice, sentToStripe: true };
}

const ACCEPTED = new Set(["succeeded", "pending"]);

/**
 * The job: `refunds.create({ payment_intent | charge, amount })` with key `agency:refund:<refundId>`
 * (a retry gets Stripe's first refund back, never a second), then our refund — id `refundId`,
 * external id the Stripe refund's — with its ledger entry and audit entry in one transaction.
 * charge.refunded for the same refund, before or after, matches that external id and applies
 * nothing more. Stripe refusing (more than the charge has left, a disputed charge…) ends the job
 * with the outcome recorded and nothing written here.
 */
export async function refundInStripe(deps: StripeSyncDeps, who: Who, payload: Extract<StripeSyncPayload, { kind: "refund" }>) {
  return endOnRefusal(deps, who, { kind: "refund", target: { type: "payment", id: payload.paymentId } }, async () => {
    const { payment, recorded, stripe } = await tenant(deps, who, async (scope) => {
      const row = await scope.tx.payment.findFirst({
        where: { id: payload.paymentId, orgId: who.orgId },
        select: { method: true, externalId: true, invoiceId: true },
      });
      if (!row) throw new AppError("NOT_FOUND", "Payment not found.");
      const done = await scope.tx.refund.findFirst({ where: { id: payload.refundId, orgId: who.orgId }, select: { externalId: true } });
      return { payment: row, recorded: done, stripe: await stripeClientFor(scope, deps.stripe) };
    });
    if (recorded) return { outcome: "already_recorded", stripeRefundId: recorded.externalId };
    const target = stripeRefundTarget(payment);
    if (!target) throw new AppError("UNPROCESSABLE", "This payment has no Stripe PaymentIntent or charge on record: Stripe cannot refund it.");
    const refund = await stripe.refunds.create(
      {
        ...target,
        amount: payload.amount,
        metadata: { agency_org_id: who.orgId, agency_refund_id: payload.refundId, agency_invoice_id: payment.invoiceId },
      },
      { idempotencyKey: idempotencyKeys.refund(payload.refundId) },
    );
    if (!ACCEPTED.has(refund.status ?? "")) {
      throw new AppError("UNPROCESSABLE", `Stripe's refund ${refund.id} is ${refund.status ?? "unknown"}: nothing was refunded.`);
    }
    try {
      const result = await tenant(deps, who, (scope) =>
        deps.billing.refundPayment(scope, {
          paymentId: payload.paymentId,
          amount: payload.amount,
          reason: payload.reason ?? "Refunded through Stripe",
          externalId: refund.id,
          refundId: payload.refundId,
        }),
      );
      return { outcome: result.replayed ? "already_recorded" : "refund_recorded", stripeRefundId: refund.id };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      throw new AppError(error.code, `Stripe refunded ${payload.amount} (${refund.id}) but our books refused it: ${error.message}`, {
        stripeRefundId: refund.id,
      });
    }
  });
}
