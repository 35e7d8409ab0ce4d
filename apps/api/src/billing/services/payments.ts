import type { PaymentDto, PaymentMethod, RefundDto, InvoiceDto } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { postJournalEntry } from "./ledger";
import { loadInvoice, lockInvoice, toPaymentDto } from "./invoices";
import { billingAudit, iso, n, type BillingScope } from "./scope";

/**
 * Money in (payments) and back out (refunds). The invoice row is locked first, always, so
 * concurrent payments and refunds of one invoice run one after the other and see each other's
 * amounts; an external id (bank reference, Stripe charge or refund id) makes each idempotent.
 */

export async function findPaymentByExternalId(scope: BillingScope, externalId: string): Promise<PaymentDto | null> {
  const row = await scope.tx.payment.findFirst({ where: { orgId: scope.org.id, externalId } });
  return row ? toPaymentDto(row) : null;
}

export interface RecordPaymentInput {
  invoiceId: string;
  /** Default: everything still due. */
  amount?: number;
  /** When given, must be the invoice's currency. */
  currency?: string;
  method: PaymentMethod;
  externalId?: string | null;
  receivedAt?: Date;
}

/**
 * A payment against an open (or written-off) invoice: Dr cash / Cr receivable (Cr write-offs for
 * a written-off invoice: a recovery). The invoice becomes paid once fully paid. The same
 * externalId again returns the first payment with `replayed: true` and applies nothing.
 */
export async function recordPayment(
  scope: BillingScope,
  input: RecordPaymentInput,
): Promise<{ payment: PaymentDto; invoice: InvoiceDto; replayed: boolean }> {
  const invoice = await lockInvoice(scope, input.invoiceId);
  if (input.externalId) {
    const existing = await scope.tx.payment.findFirst({ where: { orgId: scope.org.id, externalId: input.externalId } });
    if (existing) {
      if (existing.invoiceId !== invoice.id) {
        throw new AppError("CONFLICT", "This payment reference was already recorded against another invoice.", { invoiceId: existing.invoiceId });
      }
      return { payment: toPaymentDto(existing), invoice, replayed: true };
    }
  }
  if (input.currency && input.currency !== invoice.currency) {
    throw new AppError("UNPROCESSABLE", `Currency mismatch: the invoice is in ${invoice.currency}, the payment in ${input.currency}.`);
  }
  if (invoice.status === "void") throw new AppError("UNPROCESSABLE", "This invoice is void: it cannot be paid.");
  if (invoice.status === "draft") throw new AppError("UNPROCESSABLE", "This invoice is a draft: issue it before recording a payment.");
  if (invoice.status === "paid") throw new AppError("CONFLICT", "This invoice is already paid.", { current: invoice });
  const outstanding = invoice.total - invoice.amountPaid;
  const amount = input.amount ?? (invoice.status === "open" ? invoice.amountDue : outstanding);
  if (!Number.isSafeInteger(amount) || amount < 1) throw new AppError("VALIDATION_ERROR", "A payment is a whole number of minor units ≥ 1.");
  if (amount > outstanding) {
    throw new AppError("UNPROCESSABLE", `The payment (${amount}) is more than what is left to pay on this invoice (${outstanding}).`, { outstanding });
  }
  const receivedAt = input.receivedAt ?? new Date();
  const payment = await scope.tx.payment.create({
    data: {
      orgId: scope.org.id,
      invoiceId: invoice.id,
      clientId: invoice.clientId,
      amount: BigInt(amount),
      currency: invoice.currency,
      method: input.method,
      externalId: input.externalId ?? null,
      receivedAt,
      createdBy: scope.actor.userId,
    },
  });
  const paidInFull = invoice.amountPaid + amount === invoice.total;
  // A payment on a written-off invoice recovers the write-off first.
  const recovered = invoice.status === "uncollectible" ? Math.min(amount, invoice.amountWrittenOff) : 0;
  await scope.tx.invoice.updateMany({
    where: { id: invoice.id, orgId: scope.org.id },
    data: {
      amountPaid: { increment: BigInt(amount) },
      ...(recovered > 0 ? { amountWrittenOff: { decrement: BigInt(recovered) } } : {}),
      ...(paidInFull ? { status: "paid", paidAt: receivedAt } : {}),
      version: { increment: 1 },
    },
  });
  const currency = invoice.currency;
  await postJournalEntry(scope, {
    kind: "payment",
    effectiveAt: receivedAt,
    memo: `Payment for ${invoice.number} (${input.method.replace("_", " ")})`,
    clientId: invoice.clientId,
    invoiceId: invoice.id,
    paymentId: payment.id,
    lines: [
      { account: { kind: "cash", currency }, amount },
      { account: { kind: "write_offs", currency }, amount: -recovered },
      { account: { kind: "accounts_receivable", currency, clientId: invoice.clientId }, amount: -(amount - recovered) },
    ],
  });
  await billingAudit(scope, "payment.recorded", { type: "invoice", id: invoice.id }, {
    paymentId: payment.id,
    amount,
    currency,
    method: input.method,
    paidInFull,
  });
  return { payment: toPaymentDto(payment), invoice: await loadInvoice(scope, invoice.id), replayed: false };
}

export interface RefundPaymentInput {
  /** The payment to refund; or `invoiceId` to take the latest payment with something left. */
  paymentId?: string;
  invoiceId?: string;
  amount: number;
  reason?: string;
  externalId?: string | null;
  /** The refund row's id, when the caller chose it already (a refund asked of Stripe keys its request by it). */
  refundId?: string;
}

/** A payment row as a refund sees it (locked FOR UPDATE by lockRefundablePayment). */
export interface RefundablePayment {
  id: string;
  amount: bigint;
  amount_refunded: bigint;
  method: PaymentMethod;
  external_id: string | null;
}

/** The invoice a refund is for — the named payment's, or the one given — locked for the change. */
export async function lockRefundInvoice(scope: BillingScope, input: { paymentId?: string; invoiceId?: string }): Promise<InvoiceDto> {
  let invoiceId = input.invoiceId;
  if (input.paymentId) {
    const payment = await scope.tx.payment.findFirst({ where: { orgId: scope.org.id, id: input.paymentId }, select: { invoiceId: true } });
    if (!payment) throw new AppError("NOT_FOUND", "Payment not found.");
    if (invoiceId && invoiceId !== payment.invoiceId) throw new AppError("UNPROCESSABLE", "That payment belongs to another invoice.");
    invoiceId = payment.invoiceId;
  }
  if (!invoiceId) throw new AppError("VALIDATION_ERROR", "Name the payment (or the invoice) to refund.");
  return lockInvoice(scope, invoiceId);
}

/**
 * The payment to refund (the named one, or the latest with something left), locked after its
 * invoice — lock order invoice, then payment, as in recordPayment, so no deadlock — with a check
 * that it still holds `amount`.
 */
export async function lockRefundablePayment(
  scope: BillingScope,
  invoice: InvoiceDto,
  input: { paymentId?: string; amount: number },
): Promise<RefundablePayment> {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1) throw new AppError("VALIDATION_ERROR", "A refund is a whole number of minor units ≥ 1.");
  const payments = await scope.tx.$queryRaw<RefundablePayment[]>`
    SELECT id, amount, amount_refunded, method, external_id FROM payments
     WHERE org_id = ${scope.org.id}::uuid AND invoice_id = ${invoice.id}::uuid
       AND (${input.paymentId ?? null}::uuid IS NULL OR id = ${input.paymentId ?? null}::uuid)
     ORDER BY received_at DESC, id DESC
     FOR UPDATE`;
  const payment = payments.find((row) => row.amount > row.amount_refunded) ?? payments[0];
  if (!payment) throw new AppError("UNPROCESSABLE", "Nothing was paid on this invoice: there is nothing to refund.");
  const refundable = n(payment.amount) - n(payment.amount_refunded);
  if (input.amount > refundable) {
    throw new AppError("UNPROCESSABLE", `The refund (${input.amount}) is more than the payment has left to refund (${refundable}).`, { refundable });
  }
  return payment;
}

/**
 * Money returned to the client: Dr refunds / Cr cash. At most what the payment still holds
 * (amount − already refunded). The invoice keeps its status (a refund is not a void);
 * amount_refunded shows it. The same externalId again → `replayed: true`, nothing applied.
 */
export async function refundPayment(
  scope: BillingScope,
  input: RefundPaymentInput,
): Promise<{ refund: RefundDto; invoice: InvoiceDto; replayed: boolean }> {
  const orgId = scope.org.id;
  const invoice = await lockRefundInvoice(scope, input);
  if (input.externalId) {
    const existing = await scope.tx.refund.findFirst({ where: { orgId, externalId: input.externalId } });
    if (existing) return { refund: toRefundDto(existing), invoice, replayed: true };
  }
  const payment = await lockRefundablePayment(scope, invoice, input);
  const refund = await scope.tx.refund.create({
    data: {
      ...(input.refundId ? { id: input.refundId } : {}),
      orgId,
      paymentId: payment.id,
      invoiceId: invoice.id,
      amount: BigInt(input.amount),
      currency: invoice.currency,
      reason: input.reason ?? null,
      externalId: input.externalId ?? null,
      createdBy: scope.actor.userId,
    },
  });
  await scope.tx.payment.updateMany({ where: { id: payment.id, orgId }, data: { amountRefunded: { increment: BigInt(input.amount) } } });
  await scope.tx.invoice.updateMany({
    where: { id: invoice.id, orgId },
    data: { amountRefunded: { increment: BigInt(input.amount) }, version: { increment: 1 } },
  });
  const currency = invoice.currency;
  await postJournalEntry(scope, {
    kind: "refund",
    effectiveAt: refund.createdAt,
    memo: `Refund on ${invoice.number}${input.reason ? `: ${input.reason}` : ""}`,
    clientId: invoice.clientId,
    invoiceId: invoice.id,
    paymentId: payment.id,
    refundId: refund.id,
    lines: [
      { account: { kind: "refunds", currency }, amount: input.amount },
      { account: { kind: "cash", currency }, amount: -input.amount },
    ],
  });
  await billingAudit(scope, "payment.refunded", { type: "invoice", id: invoice.id }, {
    paymentId: payment.id,
    refundId: refund.id,
    amount: input.amount,
    currency,
  });
  return { refund: toRefundDto(refund), invoice: await loadInvoice(scope, invoice.id), replayed: false };
}

function toRefundDto(refund: {
  id: string;
  paymentId: string;
  invoiceId: string;
  amount: bigint;
  currency: string;
  reason: string | null;
  externalId: string | null;
  createdAt: Date;
}): RefundDto {
  return {
    id: refund.id,
    paymentId: refund.paymentId,
    invoiceId: refund.invoiceId,
    amount: n(refund.amount),
    currency: refund.currency,
    reason: refund.reason,
    externalId: refund.externalId,
    createdAt: iso(refund.createdAt),
  };
}
