import type { Prisma } from "@agency/db";
import { isCurrencyCode, MAX_MINOR_UNITS, multiplyMinor, sumMinor, type InvoiceDetailDto, type InvoiceDto, type InvoiceStatus } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { decodeTimestampCursor, encodeCursor } from "../../lib/cursor";
import { pageOf } from "../../lib/page";
import { journalEntriesFor, postJournalEntry } from "./ledger";
import { chargeFor, periodContaining } from "./periods";
import { termsAt } from "./retainers";
import { billingAudit, iso, isoOrNull, n, type BillingScope } from "./scope";

/**
 * Invoices: a draft (lines editable, no money moved) is issued (open: the client owes it — a
 * journal entry Dr receivable / Cr revenue, Cr tax payable), then paid, voided or written off.
 * Every state change locks the invoice row (SELECT … FOR UPDATE), checks the state, writes its
 * journal entry and its audit entry, all in the caller's one transaction.
 */

export const INVOICE_SELECT = {
  id: true,
  number: true,
  clientId: true,
  retainerId: true,
  currency: true,
  status: true,
  memo: true,
  subtotal: true,
  tax: true,
  total: true,
  amountPaid: true,
  amountRefunded: true,
  amountWrittenOff: true,
  issuedAt: true,
  dueAt: true,
  paidAt: true,
  voidedAt: true,
  markedUncollectibleAt: true,
  periodStart: true,
  periodEnd: true,
  stripeInvoiceId: true,
  hostedUrl: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  client: { select: { id: true, name: true } },
} as const satisfies Prisma.InvoiceSelect;
type InvoiceRow = Prisma.InvoiceGetPayload<{ select: typeof INVOICE_SELECT }>;

export function toInvoiceDto(row: InvoiceRow): InvoiceDto {
  const due = row.status === "open" ? n(row.total) - n(row.amountPaid) - n(row.amountWrittenOff) : 0;
  return {
    id: row.id,
    number: row.number,
    clientId: row.clientId,
    client: row.client,
    retainerId: row.retainerId,
    currency: row.currency,
    status: row.status,
    memo: row.memo,
    subtotal: n(row.subtotal),
    tax: n(row.tax),
    total: n(row.total),
    amountPaid: n(row.amountPaid),
    amountRefunded: n(row.amountRefunded),
    amountWrittenOff: n(row.amountWrittenOff),
    amountDue: due,
    issuedAt: isoOrNull(row.issuedAt),
    dueAt: isoOrNull(row.dueAt),
    paidAt: isoOrNull(row.paidAt),
    voidedAt: isoOrNull(row.voidedAt),
    markedUncollectibleAt: isoOrNull(row.markedUncollectibleAt),
    periodStart: isoOrNull(row.periodStart),
    periodEnd: isoOrNull(row.periodEnd),
    stripeInvoiceId: row.stripeInvoiceId,
    hostedUrl: row.hostedUrl,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export async function loadInvoice(scope: BillingScope, invoiceId: string): Promise<InvoiceDto> {
  const row = await scope.tx.invoice.findFirst({ where: { id: invoiceId, orgId: scope.org.id }, select: INVOICE_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "Invoice not found.");
  return toInvoiceDto(row);
}

/** Locks the invoice row for a state change; checks the version the caller saw, if any. */
export async function lockInvoice(scope: BillingScope, invoiceId: string, expectedVersion?: number) {
  const rows = await scope.tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM invoices WHERE id = ${invoiceId}::uuid AND org_id = ${scope.org.id}::uuid FOR UPDATE`;
  if (!rows[0]) throw new AppError("NOT_FOUND", "Invoice not found.");
  const invoice = await loadInvoice(scope, invoiceId);
  if (expectedVersion !== undefined && invoice.version !== expectedVersion) {
    throw new AppError("CONFLICT", "Someone else changed this invoice. Review the latest version and try again.", { current: invoice });
  }
  return invoice;
}

export async function getInvoice(scope: BillingScope, invoiceId: string): Promise<InvoiceDetailDto> {
  const invoice = await loadInvoice(scope, invoiceId);
  const orgId = scope.org.id;
  const [lines, payments, refunds, journal] = await Promise.all([
    scope.tx.invoiceLine.findMany({
      where: { orgId, invoiceId },
      orderBy: { position: "asc" },
      include: { project: { select: { id: true, name: true } } },
    }),
    scope.tx.payment.findMany({ where: { orgId, invoiceId }, orderBy: [{ receivedAt: "asc" }, { id: "asc" }] }),
    scope.tx.refund.findMany({ where: { orgId, invoiceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    journalEntriesFor(scope, { invoiceId }),
  ]);
  return {
    ...invoice,
    lines: lines.map((line) => ({
      id: line.id,
      position: line.position,
      description: line.description,
      quantity: line.quantity,
      unitAmount: n(line.unitAmount),
      amount: n(line.amount),
      projectId: line.projectId,
      project: line.project,
      retainerId: line.retainerId,
      periodStart: isoOrNull(line.periodStart),
      periodEnd: isoOrNull(line.periodEnd),
    })),
    payments: payments.map(toPaymentDto),
    refunds: refunds.map((refund) => ({
      id: refund.id,
      paymentId: refund.paymentId,
      invoiceId: refund.invoiceId,
      amount: n(refund.amount),
      currency: refund.currency,
      reason: refund.reason,
      externalId: refund.externalId,
      createdAt: iso(refund.createdAt),
    })),
    journal,
  };
}

export function toPaymentDto(payment: Prisma.PaymentGetPayload<object>) {
  return {
    id: payment.id,
    invoiceId: payment.invoiceId,
    amount: n(payment.amount),
    currency: payment.currency,
    method: payment.method,
    externalId: payment.externalId,
    receivedAt: iso(payment.receivedAt),
    amountRefunded: n(payment.amountRefunded),
    createdAt: iso(payment.createdAt),
  };
}

export async function findInvoiceByStripeId(scope: BillingScope, stripeInvoiceId: string): Promise<InvoiceDto | null> {
  const row = await scope.tx.invoice.findFirst({ where: { orgId: scope.org.id, stripeInvoiceId }, select: INVOICE_SELECT });
  return row ? toInvoiceDto(row) : null;
}

export async function listInvoices(
  scope: BillingScope,
  input: { clientId?: string; retainerId?: string; status?: InvoiceStatus[]; currency?: string; cursor?: string; limit: number },
) {
  const where: Prisma.InvoiceWhereInput = {
    orgId: scope.org.id,
    ...(input.clientId ? { clientId: input.clientId } : {}),
    ...(input.retainerId ? { retainerId: input.retainerId } : {}),
    ...(input.status?.length ? { status: { in: input.status } } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
  };
  if (input.cursor) {
    const { at, id } = decodeTimestampCursor(input.cursor);
    where.AND = { createdAt: { lte: at }, OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
  }
  const rows = await scope.tx.invoice.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: INVOICE_SELECT,
  });
  const page = pageOf(rows, input.limit, (last) => encodeCursor(last.createdAt.getTime(), last.id));
  return { items: page.rows.map(toInvoiceDto), nextCursor: page.nextCursor };
}

export interface CreateInvoiceInput {
  clientId: string;
  currency: string;
  retainerId?: string | null;
  lines: {
    description: string;
    quantity?: number;
    unitAmount: number;
    projectId?: string | null;
    retainerId?: string | null;
    periodStart?: Date | null;
    periodEnd?: Date | null;
  }[];
  tax?: number;
  dueAt?: Date | null;
  memo?: string;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  stripeInvoiceId?: string | null;
  hostedUrl?: string | null;
}

/** A draft invoice with its lines. Nothing is owed until it is issued. */
export async function createInvoice(scope: BillingScope, input: CreateInvoiceInput): Promise<InvoiceDto> {
  const orgId = scope.org.id;
  if (!isCurrencyCode(input.currency)) throw new AppError("VALIDATION_ERROR", `Unknown currency ${input.currency}: use an ISO 4217 code.`);
  if (input.lines.length === 0) throw new AppError("VALIDATION_ERROR", "Add at least one line.");
  const client = await scope.tx.client.findFirst({ where: { id: input.clientId, orgId, deletedAt: null }, select: { id: true } });
  if (!client) throw new AppError("NOT_FOUND", "Client not found.");
  if (input.retainerId) {
    const retainer = await scope.tx.retainer.findFirst({
      where: { id: input.retainerId, orgId, deletedAt: null },
      select: { clientId: true, currency: true },
    });
    if (!retainer) throw new AppError("NOT_FOUND", "Retainer not found.");
    if (retainer.clientId !== input.clientId) throw new AppError("UNPROCESSABLE", "The retainer belongs to another client.");
    if (retainer.currency !== input.currency) {
      throw new AppError("UNPROCESSABLE", `Currency mismatch: the retainer bills in ${retainer.currency}, the invoice is in ${input.currency}.`, {
        retainerCurrency: retainer.currency,
        invoiceCurrency: input.currency,
      });
    }
  }
  const projectIds = [...new Set(input.lines.map((line) => line.projectId).filter((id): id is string => Boolean(id)))];
  if (projectIds.length) {
    const projects = await scope.tx.project.findMany({ where: { orgId, id: { in: projectIds }, deletedAt: null }, select: { id: true, clientId: true } });
    for (const id of projectIds) {
      const project = projects.find((row) => row.id === id);
      if (!project) throw new AppError("NOT_FOUND", "Project not found.", { projectId: id });
      if (project.clientId !== input.clientId) throw new AppError("UNPROCESSABLE", "A line's project belongs to another client.", { projectId: id });
    }
  }
  const tax = input.tax ?? 0;
  if (!Number.isSafeInteger(tax) || tax < 0) throw new AppError("VALIDATION_ERROR", "Tax must be a whole number of minor units ≥ 0.");
  const lines = input.lines.map((line, position) => {
    const quantity = line.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1) throw new AppError("VALIDATION_ERROR", "Line quantities are whole numbers ≥ 1.");
    if (!Number.isSafeInteger(line.unitAmount)) throw new AppError("VALIDATION_ERROR", "Line amounts are whole minor units within ±(2^53 − 1).");
    let amount: number;
    try {
      amount = multiplyMinor(line.unitAmount, quantity, input.currency);
    } catch {
      throw new AppError("VALIDATION_ERROR", "A line's amount exceeds 2^53 − 1 minor units.");
    }
    return { ...line, position, quantity, amount };
  });
  let subtotal: number;
  let total: number;
  try {
    subtotal = sumMinor(
      lines.map((line) => line.amount),
      input.currency,
    );
    total = sumMinor([subtotal, tax], input.currency);
  } catch {
    throw new AppError("VALIDATION_ERROR", "The invoice total exceeds 2^53 − 1 minor units.");
  }
  if (subtotal < 0) throw new AppError("VALIDATION_ERROR", "The lines add up to less than zero: an invoice cannot be negative.");
  if (total > MAX_MINOR_UNITS) throw new AppError("VALIDATION_ERROR", "The invoice total exceeds 2^53 − 1 minor units.");
  const invoice = await scope.tx.invoice.create({
    data: {
      orgId,
      clientId: input.clientId,
      retainerId: input.retainerId ?? null,
      currency: input.currency,
      memo: input.memo ?? "",
      subtotal: BigInt(subtotal),
      tax: BigInt(tax),
      total: BigInt(total),
      dueAt: input.dueAt ?? null,
      periodStart: input.periodStart ?? null,
      periodEnd: input.periodEnd ?? null,
      stripeInvoiceId: input.stripeInvoiceId ?? null,
      hostedUrl: input.hostedUrl ?? null,
      createdBy: scope.actor.userId,
    },
    select: { id: true },
  });
  await scope.tx.invoiceLine.createMany({
    data: lines.map((line) => ({
      orgId,
      invoiceId: invoice.id,
      position: line.position,
      description: line.description,
      quantity: line.quantity,
      unitAmount: BigInt(line.unitAmount),
      amount: BigInt(line.amount),
      projectId: line.projectId ?? null,
      retainerId: line.retainerId ?? input.retainerId ?? null,
      periodStart: line.periodStart ?? null,
      periodEnd: line.periodEnd ?? null,
    })),
  });
  await billingAudit(scope, "invoice.created", { type: "invoice", id: invoice.id }, {
    clientId: input.clientId,
    currency: input.currency,
    total,
    lines: lines.length,
  });
  return loadInvoice(scope, invoice.id);
}

/** Takes the organization's next invoice number (gapless: the counter row is locked until commit). */
async function nextInvoiceNumber(scope: BillingScope): Promise<string> {
  const rows = await scope.tx.$queryRaw<{ last_number: number }[]>`
    INSERT INTO invoice_number_sequences (org_id, last_number) VALUES (${scope.org.id}::uuid, 1)
    ON CONFLICT (org_id) DO UPDATE SET last_number = invoice_number_sequences.last_number + 1
    RETURNING last_number`;
  return `INV-${String(rows[0]!.last_number).padStart(6, "0")}`;
}

const DEFAULT_DUE_DAYS = 30;

/** draft → open: numbered, and the client owes it (Dr receivable total; Cr revenue subtotal, Cr tax payable tax). */
export async function issueInvoice(
  scope: BillingScope,
  input: { invoiceId: string; expectedVersion?: number; dueAt?: Date | null; issuedAt?: Date },
): Promise<InvoiceDto> {
  const invoice = await lockInvoice(scope, input.invoiceId, input.expectedVersion);
  if (invoice.status !== "draft") throw new AppError("CONFLICT", `This invoice is already ${invoice.status}: only a draft can be issued.`, { current: invoice });
  if (invoice.total === 0) throw new AppError("UNPROCESSABLE", "This invoice totals zero: there is nothing to bill.");
  const issuedAt = input.issuedAt ?? new Date();
  const dueAt = input.dueAt ?? (invoice.dueAt ? new Date(invoice.dueAt) : new Date(issuedAt.getTime() + DEFAULT_DUE_DAYS * 86_400_000));
  if (dueAt < issuedAt && dueAt.toISOString().slice(0, 10) < issuedAt.toISOString().slice(0, 10)) {
    throw new AppError("VALIDATION_ERROR", "The due date cannot be before the issue date.");
  }
  const number = await nextInvoiceNumber(scope);
  await scope.tx.invoice.updateMany({
    where: { id: invoice.id, orgId: scope.org.id },
    data: { status: "open", number, issuedAt, dueAt, version: { increment: 1 } },
  });
  const currency = invoice.currency;
  await postJournalEntry(scope, {
    kind: "invoice_issued",
    effectiveAt: issuedAt,
    memo: `Invoice ${number} issued`,
    clientId: invoice.clientId,
    invoiceId: invoice.id,
    lines: [
      { account: { kind: "accounts_receivable", currency, clientId: invoice.clientId }, amount: invoice.total },
      { account: { kind: "revenue", currency }, amount: -invoice.subtotal },
      { account: { kind: "tax_payable", currency }, amount: -invoice.tax },
    ],
  });
  await billingAudit(scope, "invoice.issued", { type: "invoice", id: invoice.id }, { number, total: invoice.total, currency });
  return loadInvoice(scope, invoice.id);
}

/**
 * void: a draft (nothing was owed) or an open invoice with nothing paid — the issue entry is
 * reversed (Dr revenue, Dr tax payable / Cr receivable). Paid money is refunded, not voided.
 */
export async function voidInvoice(scope: BillingScope, input: { invoiceId: string; expectedVersion?: number; reason?: string }): Promise<InvoiceDto> {
  const invoice = await lockInvoice(scope, input.invoiceId, input.expectedVersion);
  if (invoice.status !== "draft" && invoice.status !== "open") {
    throw new AppError("CONFLICT", `This invoice is ${invoice.status}: only a draft or open invoice can be voided.`, { current: invoice });
  }
  if (invoice.amountPaid > 0) throw new AppError("UNPROCESSABLE", "Payments were recorded on this invoice: refund them instead of voiding it.");
  const now = new Date();
  await scope.tx.invoice.updateMany({ where: { id: invoice.id, orgId: scope.org.id }, data: { status: "void", voidedAt: now, version: { increment: 1 } } });
  if (invoice.status === "open") {
    const currency = invoice.currency;
    const issue = await scope.tx.journalEntry.findFirst({ where: { orgId: scope.org.id, invoiceId: invoice.id, kind: "invoice_issued" }, select: { id: true } });
    await postJournalEntry(scope, {
      kind: "invoice_voided",
      effectiveAt: now,
      memo: `Invoice ${invoice.number} voided${input.reason ? `: ${input.reason}` : ""}`,
      clientId: invoice.clientId,
      invoiceId: invoice.id,
      reversesId: issue?.id ?? null,
      lines: [
        { account: { kind: "accounts_receivable", currency, clientId: invoice.clientId }, amount: -invoice.total },
        { account: { kind: "revenue", currency }, amount: invoice.subtotal },
        { account: { kind: "tax_payable", currency }, amount: invoice.tax },
      ],
    });
  }
  await billingAudit(scope, "invoice.voided", { type: "invoice", id: invoice.id }, { number: invoice.number, reason: input.reason ?? null });
  return loadInvoice(scope, invoice.id);
}

/** open → uncollectible: what is still due is written off (Dr write-offs / Cr receivable). */
export async function markUncollectible(scope: BillingScope, input: { invoiceId: string; expectedVersion?: number; reason?: string }): Promise<InvoiceDto> {
  const invoice = await lockInvoice(scope, input.invoiceId, input.expectedVersion);
  if (invoice.status !== "open") throw new AppError("CONFLICT", `This invoice is ${invoice.status}: only an open invoice can be written off.`, { current: invoice });
  const due = invoice.amountDue;
  const now = new Date();
  await scope.tx.invoice.updateMany({
    where: { id: invoice.id, orgId: scope.org.id },
    data: { status: "uncollectible", markedUncollectibleAt: now, amountWrittenOff: BigInt(due), version: { increment: 1 } },
  });
  const currency = invoice.currency;
  if (due > 0) {
    await postJournalEntry(scope, {
      kind: "write_off",
      effectiveAt: now,
      memo: `Invoice ${invoice.number} written off${input.reason ? `: ${input.reason}` : ""}`,
      clientId: invoice.clientId,
      invoiceId: invoice.id,
      lines: [
        { account: { kind: "write_offs", currency }, amount: due },
        { account: { kind: "accounts_receivable", currency, clientId: invoice.clientId }, amount: -due },
      ],
    });
  }
  await billingAudit(scope, "invoice.marked_uncollectible", { type: "invoice", id: invoice.id }, { number: invoice.number, writtenOff: due });
  return loadInvoice(scope, invoice.id);
}

export async function setInvoiceStripeFields(scope: BillingScope, input: { invoiceId: string; stripeInvoiceId?: string | null; hostedUrl?: string | null }) {
  const { count } = await scope.tx.invoice.updateMany({
    where: { id: input.invoiceId, orgId: scope.org.id },
    data: {
      ...(input.stripeInvoiceId !== undefined ? { stripeInvoiceId: input.stripeInvoiceId } : {}),
      ...(input.hostedUrl !== undefined ? { hostedUrl: input.hostedUrl } : {}),
    },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Invoice not found.");
}

/**
 * The invoice of a retainer's period (the one containing `periodContaining`, default now):
 * one line for the terms then (unit × quantity) and, when the discount applies to that period,
 * a credit line. Idempotent: the period's existing (non-void) invoice is returned as it is.
 */
export async function generateRetainerInvoice(
  scope: BillingScope,
  input: { retainerId: string; periodContaining?: Date; issue?: boolean },
): Promise<InvoiceDto> {
  return (await invoiceRetainerPeriod(scope, input)).invoice;
}

/** generateRetainerInvoice, saying whether this call made the invoice (`created`) or found the period's. */
export async function invoiceRetainerPeriod(
  scope: BillingScope,
  input: { retainerId: string; periodContaining?: Date; issue?: boolean },
): Promise<{ invoice: InvoiceDto; created: boolean }> {
  const orgId = scope.org.id;
  // Serialise generation per retainer (two clicks, two workers): lock the retainer row.
  const locked = await scope.tx.$queryRaw<{ id: string; name: string; client_id: string; currency: string; stripe_subscription_id: string | null }[]>`
    SELECT id, name, client_id, currency, stripe_subscription_id FROM retainers WHERE id = ${input.retainerId}::uuid AND org_id = ${orgId}::uuid AND deleted_at IS NULL FOR UPDATE`;
  const retainer = locked[0];
  if (!retainer) throw new AppError("NOT_FOUND", "Retainer not found.");
  // Stripe invoices a subscription's periods itself; those invoices are imported when Stripe sends
  // them (stripe.event). Invoicing the period here too would bill the client twice.
  if (retainer.stripe_subscription_id) {
    throw new AppError(
      "UNPROCESSABLE",
      "This retainer is billed by its Stripe subscription: Stripe invoices each period, and those invoices appear here when Stripe issues them.",
      { reason: "billed_by_stripe", stripeSubscriptionId: retainer.stripe_subscription_id },
    );
  }
  const at = input.periodContaining ?? new Date();
  const terms = await termsAt(scope.tx, orgId, retainer.id, at);
  if (!terms) throw new AppError("UNPROCESSABLE", "The retainer has no terms at that date.");
  const period = periodContaining(terms.startsAt, terms.interval, at);
  if (!period) throw new AppError("UNPROCESSABLE", "The retainer's service has not started at that date.");
  if (terms.endsAt && period.start >= terms.endsAt) throw new AppError("UNPROCESSABLE", "The retainer's service has ended by then.");
  if (terms.status === "paused" || terms.status === "canceled") {
    throw new AppError("UNPROCESSABLE", `The retainer is ${terms.status} in that period: there is nothing to bill.`);
  }
  if (terms.trialEndsAt && period.end <= terms.trialEndsAt) throw new AppError("UNPROCESSABLE", "That period is inside the free trial: there is nothing to bill.");
  const existing = await scope.tx.invoice.findFirst({
    where: { orgId, retainerId: retainer.id, periodStart: period.start, status: { not: "void" } },
    select: { id: true },
  });
  if (existing) return { invoice: await loadInvoice(scope, existing.id), created: false };
  const charge = chargeFor(terms, period.start);
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const lines: CreateInvoiceInput["lines"] = [
    {
      description: `${retainer.name} — ${day(period.start)} to ${day(period.end)}`,
      quantity: terms.quantity,
      unitAmount: Number(terms.unitAmount),
      periodStart: period.start,
      periodEnd: period.end,
    },
  ];
  if (charge.discount > 0) {
    lines.push({ description: "Discount", quantity: 1, unitAmount: -charge.discount, periodStart: period.start, periodEnd: period.end });
  }
  const draft = await createInvoice(scope, {
    clientId: retainer.client_id,
    currency: retainer.currency,
    retainerId: retainer.id,
    lines,
    periodStart: period.start,
    periodEnd: period.end,
    memo: `${retainer.name}: ${terms.interval}ly retainer`,
  });
  return { invoice: input.issue === false ? draft : await issueInvoice(scope, { invoiceId: draft.id }), created: true };
}
