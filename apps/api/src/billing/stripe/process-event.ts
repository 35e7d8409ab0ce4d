import type { Database, Prisma } from "@agency/db";
import { STRIPE_HANDLED_EVENTS, type StripeHandledEvent } from "@agency/validators";
import type { Logger } from "pino";
import Stripe from "stripe";
import { AppError } from "../../errors/app-error";
import { audited } from "../../services/audit";
import type { TenantScope } from "../../services/scope";
import type { BillingServices, RetainerStatus } from "./billing-port";
import { createStripeClient, stripeKeyContext, type StripeDeps } from "./client";

/**
 * The `stripe.event` job: applies one stored event. Event order is not trusted — the object is
 * re-read from Stripe and OUR state is moved to match Stripe's current state, so a late or repeated
 * event is a no-op and `subscription.updated` before `created`, or `invoice.paid` before
 * `finalized`, end in the right state. The effect (through the billing services) and the event's
 * processed mark commit in ONE transaction, with the event row locked: a job run twice (pg-boss is
 * at-least-once) applies once. Stripe unreachable → the job throws and is retried with backoff,
 * nothing written. A refusal of the billing rules (currency mismatch, over-refund…) rolls the
 * effect back and is recorded as the event's outcome, not retried forever.
 */
export interface StripeEventDeps {
  db: Database;
  stripe: StripeDeps;
  billing: BillingServices;
  log: Logger;
}

export interface StripeEventJob {
  orgId: string;
  /** The connection's service user (stamped into the job by app_enqueue_job). */
  actorId: string;
  requestId: string | null;
  eventRowId: string;
}

type Outcome = string;
const HANDLED = new Set<string>(STRIPE_HANDLED_EVENTS);

function scopeOf(job: StripeEventJob, tx: Prisma.TransactionClient, sql: TenantScope["sql"]): TenantScope {
  return {
    tx,
    sql,
    org: { id: job.orgId, role: "admin" },
    actor: { userId: job.actorId },
    request: { requestId: job.requestId ?? `stripe-event-${job.eventRowId}`, ip: null, userAgent: null },
  };
}

async function markProcessed(tx: Prisma.TransactionClient, eventRowId: string, outcome: Outcome, lastError: string | null = null) {
  await tx.stripeEvent.update({
    where: { id: eventRowId },
    data: { processedAt: new Date(), outcome, attempts: { increment: 1 }, lastError },
  });
}

export async function processStripeEvent(deps: StripeEventDeps, job: StripeEventJob): Promise<{ outcome: Outcome }> {
  const who = { userId: job.actorId, orgId: job.orgId };
  // 1. The event and the org's key (short transaction; no Stripe call inside it).
  const pre = await deps.db.tenant(who, async ({ tx }) => {
    const event = await tx.stripeEvent.findFirst({ where: { id: job.eventRowId, orgId: job.orgId } });
    if (!event || event.processedAt) return { done: true, outcome: event?.outcome ?? "missing" } as const;
    if (!HANDLED.has(event.type)) {
      await markProcessed(tx, event.id, "ignored_unhandled_type");
      return { done: true, outcome: "ignored_unhandled_type" } as const;
    }
    const connection = await tx.stripeConnection.findUnique({ where: { orgId: job.orgId }, select: { keyCiphertext: true, keyKeyId: true } });
    if (!connection) {
      await markProcessed(tx, event.id, "skipped_not_connected");
      return { done: true, outcome: "skipped_not_connected" } as const;
    }
    const key = deps.stripe.box.open({ keyId: connection.keyKeyId, ciphertext: connection.keyCiphertext }, stripeKeyContext(job.orgId));
    return { done: false, event, key } as const;
  });
  if (pre.done) return { outcome: pre.outcome };
  const { event, key } = pre;
  const type = event.type as StripeHandledEvent;
  const snapshot = (event.payload as { data?: { object?: Record<string, unknown> } }).data?.object ?? {};

  try {
    // 2. The object as Stripe holds it NOW (throws on timeout/5xx: the job is retried).
    const current = await readCurrent(createStripeClient(deps.stripe.config, key), type, snapshot);
    // 3. One transaction: lock the event, apply, mark.
    return await deps.db.tenant(who, async ({ tx, sql }) => {
      const locked = await tx.$queryRaw<{ processed_at: Date | null; outcome: string | null }[]>`
        SELECT "processed_at", "outcome" FROM "stripe_events" WHERE "id" = ${job.eventRowId}::uuid FOR UPDATE`;
      if (!locked[0] || locked[0].processed_at) return { outcome: locked[0]?.outcome ?? "missing" };
      const scope = scopeOf(job, tx, sql);
      const outcome = await applyEvent(deps.billing, scope, type, current, event.eventId);
      await markProcessed(tx, job.eventRowId, outcome);
      return { outcome };
    });
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      // The billing rules refused the change: nothing was applied (rolled back); record why, once.
      const outcome = `rejected_${error.code.toLowerCase()}`;
      await deps.db.tenant(who, async ({ tx }) => {
        const row = await tx.stripeEvent.findFirst({ where: { id: job.eventRowId, orgId: job.orgId }, select: { processedAt: true } });
        if (row && !row.processedAt) await markProcessed(tx, job.eventRowId, outcome, error.message.slice(0, 500));
      });
      deps.log.warn({ eventId: event.eventId, type, outcome, reason: error.message }, "stripe event refused by the billing rules");
      return { outcome };
    }
    await deps.db
      .tenant(who, ({ tx }) =>
        tx.stripeEvent.updateMany({
          where: { id: job.eventRowId, orgId: job.orgId, processedAt: null },
          data: { attempts: { increment: 1 }, lastError: (error as Error).message.slice(0, 500) },
        }),
      )
      .catch(() => undefined);
    throw error;
  }
}

/** Stripe's fee on a payment (its charge's balance transaction), when Stripe reports one. */
export interface StripeFee {
  balanceTransactionId: string;
  amount: number;
  currency: string;
}
const FEE = Symbol("stripe fee");

/**
 * The fee of the PaymentIntent's charge (`latest_charge.balance_transaction`), read before the
 * transaction like the object itself. No intent, no charge yet, or no balance transaction: no fee.
 */
async function readFee(client: Stripe, paymentIntentId: string | null): Promise<StripeFee | null> {
  if (!paymentIntentId) return null;
  try {
    const intent = (await client.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge.balance_transaction"] })) as unknown as Record<string, unknown>;
    const charge = intent.latest_charge as { balance_transaction?: { id?: string; fee?: number; currency?: string } | string } | null;
    const txn = charge && typeof charge === "object" ? charge.balance_transaction : null;
    if (!txn || typeof txn !== "object" || !txn.id || typeof txn.fee !== "number" || !txn.currency) return null;
    return { balanceTransactionId: txn.id, amount: txn.fee, currency: txn.currency.toUpperCase() };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null;
    throw error;
  }
}

const paymentIntentOf = (type: StripeHandledEvent, object: Record<string, unknown>) => {
  if (type === "checkout.session.completed") return idOf(object.payment_intent);
  if (type === "invoice.paid") {
    const payments = (object.payments as { data?: { payment?: { payment_intent?: unknown } }[] } | undefined)?.data ?? [];
    return payments.map((p) => idOf(p.payment?.payment_intent)).find((v): v is string => Boolean(v)) ?? null;
  }
  return null;
};

/** Re-reads the event's object (and, for a payment, its Stripe fee); a deleted object (404) falls back to the snapshot. */
async function readCurrent(client: Stripe, type: StripeHandledEvent, snapshot: Record<string, unknown>): Promise<Record<string, unknown>> {
  const current = await readObject(client, type, snapshot);
  const fee = await readFee(client, paymentIntentOf(type, current));
  return fee ? Object.assign(current, { [FEE]: fee }) : current;
}

async function readObject(client: Stripe, type: StripeHandledEvent, snapshot: Record<string, unknown>): Promise<Record<string, unknown>> {
  const id = typeof snapshot.id === "string" ? snapshot.id : null;
  if (!id) return snapshot;
  try {
    if (type === "checkout.session.completed") return (await client.checkout.sessions.retrieve(id)) as unknown as Record<string, unknown>;
    if (type.startsWith("customer.subscription.")) return (await client.subscriptions.retrieve(id)) as unknown as Record<string, unknown>;
    if (type.startsWith("invoice.")) return (await client.invoices.retrieve(id, { expand: ["payments"] })) as unknown as Record<string, unknown>;
    if (type === "charge.refunded") return (await client.charges.retrieve(id, { expand: ["refunds"] })) as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return snapshot;
    throw error;
  }
  return snapshot;
}

const str = (value: unknown) => (typeof value === "string" ? value : null);
const idOf = (value: unknown) => (typeof value === "string" ? value : str((value as { id?: unknown } | null)?.id));
const num = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) ? value : null);
const metadataOf = (object: Record<string, unknown>) => (object.metadata ?? {}) as Record<string, string | undefined>;
const toDate = (seconds: unknown) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);

/**
 * Whether the object belongs to this organization: its customer is one of ours, or its metadata
 * names this org. A Stripe account connected to two organizations sends each one the other's
 * events; those are refused (audited), never applied.
 */
async function belongsToOrg(scope: TenantScope, object: Record<string, unknown>): Promise<boolean> {
  const metaOrg = metadataOf(object).agency_org_id;
  if (metaOrg && metaOrg !== scope.org.id) return false;
  const customer = idOf(object.customer);
  if (customer) {
    const ours = await scope.tx.stripeCustomer.findFirst({ where: { orgId: scope.org.id, stripeCustomerId: customer }, select: { id: true } });
    if (ours) return true;
  }
  return metaOrg === scope.org.id;
}

async function applyEvent(
  billing: BillingServices,
  scope: TenantScope,
  type: StripeHandledEvent,
  object: Record<string, unknown>,
  eventId: string,
): Promise<Outcome> {
  if (!(await belongsToOrg(scope, object))) {
    await audited(scope, "stripe.event_refused", { type: "stripe_event", id: eventId }, {
      eventType: type,
      objectId: str(object.id),
      customer: idOf(object.customer),
      reason: "customer_of_another_organization",
    });
    return "refused_foreign_customer";
  }
  switch (type) {
    case "checkout.session.completed":
      return applyCheckout(billing, scope, object);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return applySubscription(billing, scope, object);
    case "charge.refunded":
      return applyRefunds(billing, scope, object);
    default:
      return applyInvoice(billing, scope, object);
  }
}

async function findInvoice(scope: TenantScope, object: Record<string, unknown>, ourId: string | undefined) {
  const stripeId = str(object.id);
  const or: Prisma.InvoiceWhereInput[] = [];
  if (ourId && /^[0-9a-f-]{36}$/i.test(ourId)) or.push({ id: ourId });
  if (stripeId) or.push({ stripeInvoiceId: stripeId });
  if (or.length === 0) return null;
  return scope.tx.invoice.findFirst({ where: { orgId: scope.org.id, OR: or } });
}

/** Brings our invoice to Stripe's current status (draft → open → paid | void | uncollectible). */
async function applyInvoice(billing: BillingServices, scope: TenantScope, invoice: Record<string, unknown>): Promise<Outcome> {
  const ours =
    (await findInvoice(scope, invoice, metadataOf(invoice).agency_invoice_id)) ??
    (await importSubscriptionInvoice(billing, scope, invoice));
  if (!ours) return "ignored_unknown_invoice";
  const stripeId = str(invoice.id);
  const hostedUrl = str(invoice.hosted_invoice_url);
  if (stripeId && (ours.stripeInvoiceId !== stripeId || (hostedUrl && ours.hostedUrl !== hostedUrl))) {
    await billing.setInvoiceStripeFields(scope, { invoiceId: ours.id, stripeInvoiceId: stripeId, hostedUrl: hostedUrl ?? ours.hostedUrl });
  }
  const status = str(invoice.status);
  const ensureIssued = async () => {
    if (ours.status === "draft") {
      await billing.issueInvoice(scope, { invoiceId: ours.id, issuedAt: toDate((invoice.status_transitions as { finalized_at?: number } | undefined)?.finalized_at) ?? new Date() });
    }
  };
  switch (status) {
    case "open":
      await ensureIssued();
      return "invoice_open";
    case "paid": {
      if (ours.status === "paid") return "already_paid";
      if (ours.status === "void") throw new AppError("CONFLICT", "Stripe says paid, but the invoice is void here.");
      await ensureIssued();
      const payments = ((invoice.payments as { data?: { payment?: { payment_intent?: unknown } }[] } | undefined)?.data ?? []);
      const paymentIntent = payments.map((p) => idOf(p.payment?.payment_intent)).find(Boolean);
      const paid = await billing.recordPayment(scope, {
        invoiceId: ours.id,
        method: "stripe",
        externalId: paymentIntent ?? `stripe_invoice:${stripeId}`,
        currency: str(invoice.currency)?.toUpperCase(),
        receivedAt: toDate((invoice.status_transitions as { paid_at?: number } | undefined)?.paid_at) ?? new Date(),
      });
      await postFee(billing, scope, invoice, { invoiceId: ours.id, paymentId: paid.payment.id });
      return paid.replayed ? "payment_already_recorded" : "payment_recorded";
    }
    case "void":
      if (ours.status === "void") return "already_void";
      await billing.voidInvoice(scope, { invoiceId: ours.id, reason: "Voided in Stripe" });
      return "invoice_voided";
    case "uncollectible":
      if (ours.status === "uncollectible") return "already_uncollectible";
      await ensureIssued();
      await billing.markUncollectible(scope, { invoiceId: ours.id, reason: "Marked uncollectible in Stripe" });
      return "invoice_uncollectible";
    default:
      return `noop_${status ?? "unknown"}`;
  }
}

/** The subscription a Stripe invoice bills (`parent.subscription_details` since API 2025-03-31, `subscription` before). */
const subscriptionOf = (invoice: Record<string, unknown>) =>
  idOf((invoice.parent as { subscription_details?: { subscription?: unknown } } | null | undefined)?.subscription_details?.subscription) ??
  idOf(invoice.subscription);

/** A period from Stripe's seconds, when both ends are there and in order. */
function periodOf(start: unknown, end: unknown): { start: Date; end: Date } | null {
  const from = toDate(start);
  const to = toDate(end);
  return from && to && to > from ? { start: from, end: to } : null;
}

type StripeLine = { amount?: unknown; description?: unknown; quantity?: unknown; period?: { start?: unknown; end?: unknown } };

/**
 * An invoice Stripe made itself for one period of a retainer's subscription (Stripe bills those, not
 * us): brought into our books as the retainer's invoice for that period — its lines as Stripe
 * priced them (a "Discounts" line for what Stripe took off), Stripe's tax kept apart — so the
 * payment, the receivable and the ledger see that money. Imports of one retainer are serialised on
 * its row and the Stripe invoice id is unique per organization, so concurrent events for the same
 * invoice import it once. Drafts (Stripe may still change them) and voided invoices are not imported.
 */
async function importSubscriptionInvoice(billing: BillingServices, scope: TenantScope, invoice: Record<string, unknown>) {
  const stripeId = str(invoice.id);
  const subscriptionId = subscriptionOf(invoice);
  const status = str(invoice.status);
  if (!stripeId || !subscriptionId || !status || status === "draft" || status === "void") return null;
  const locked = await scope.tx.$queryRaw<{ id: string; client_id: string; currency: string; name: string }[]>`
    SELECT id, client_id, currency, name FROM retainers
     WHERE org_id = ${scope.org.id}::uuid AND stripe_subscription_id = ${subscriptionId} AND deleted_at IS NULL
     FOR UPDATE`;
  const retainer = locked[0];
  if (!retainer) return null;
  // Another event for this invoice may have imported it while we waited for the lock.
  const imported = await findInvoice(scope, invoice, undefined);
  if (imported) return imported;
  const currency = str(invoice.currency)?.toUpperCase() ?? retainer.currency;
  const total = num(invoice.total);
  if (total === null || total < 0) throw new AppError("UNPROCESSABLE", `Stripe invoice ${stripeId} has no usable total.`);
  const tax = Math.max(0, num(invoice.tax) ?? 0);
  const stripeLines = ((invoice.lines as { data?: StripeLine[] } | undefined)?.data ?? []).filter((line) => num(line.amount) !== null);
  const lines = stripeLines.map((line) => {
    const period = periodOf(line.period?.start, line.period?.end);
    return {
      description: (str(line.description) ?? retainer.name).slice(0, 500),
      unitAmount: num(line.amount)!,
      periodStart: period?.start ?? null,
      periodEnd: period?.end ?? null,
    };
  });
  const listed = lines.reduce((sum, line) => sum + line.unitAmount, 0);
  const difference = total - tax - listed;
  if (lines.length === 0) lines.push({ description: retainer.name, unitAmount: total - tax, periodStart: null, periodEnd: null });
  else if (difference !== 0) lines.push({ description: difference < 0 ? "Discounts" : "Adjustments", unitAmount: difference, periodStart: null, periodEnd: null });
  const servicePeriod = lines.find((line) => line.periodStart) ?? null;
  const period = servicePeriod
    ? { start: servicePeriod.periodStart!, end: servicePeriod.periodEnd! }
    : periodOf(invoice.period_start, invoice.period_end);
  if (period) {
    const billed = await scope.tx.invoice.findFirst({
      where: { orgId: scope.org.id, retainerId: retainer.id, periodStart: period.start, status: { not: "void" } },
      select: { number: true, id: true },
    });
    if (billed) {
      throw new AppError(
        "CONFLICT",
        `Stripe invoiced a period this retainer already has an invoice for (${billed.number ?? "a draft"}): void one of the two so the client is not billed twice.`,
        { invoiceId: billed.id, stripeInvoiceId: stripeId },
      );
    }
  }
  const created = await billing.createInvoice(scope, {
    clientId: retainer.client_id,
    currency,
    retainerId: retainer.id,
    lines,
    tax,
    dueAt: toDate(invoice.due_date),
    memo: `${retainer.name}: billed by Stripe subscription ${subscriptionId}`,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    stripeInvoiceId: stripeId,
    hostedUrl: str(invoice.hosted_invoice_url),
  });
  return scope.tx.invoice.findFirstOrThrow({ where: { id: created.id, orgId: scope.org.id } });
}

/** A Checkout session paid for one of our invoices (metadata.agency_invoice_id): record the payment. */
async function applyCheckout(billing: BillingServices, scope: TenantScope, session: Record<string, unknown>): Promise<Outcome> {
  if (session.payment_status !== "paid") return "checkout_unpaid";
  const ours = await findInvoice(scope, {}, metadataOf(session).agency_invoice_id);
  if (!ours) return "ignored_unknown_invoice";
  if (ours.status === "paid") return "already_paid";
  if (ours.status === "draft") await billing.issueInvoice(scope, { invoiceId: ours.id });
  const amount = num(session.amount_total);
  const paid = await billing.recordPayment(scope, {
    invoiceId: ours.id,
    method: "stripe",
    externalId: idOf(session.payment_intent) ?? `stripe_checkout:${String(session.id)}`,
    ...(amount !== null ? { amount } : {}),
    currency: str(session.currency)?.toUpperCase(),
    receivedAt: new Date(),
  });
  await postFee(billing, scope, session, { invoiceId: ours.id, paymentId: paid.payment.id });
  return paid.replayed ? "payment_already_recorded" : "payment_recorded";
}

/** Stripe's fee as its own journal entry (Dr stripe_fees / Cr cash), once per balance transaction. */
async function postFee(billing: BillingServices, scope: TenantScope, object: Record<string, unknown>, refs: { invoiceId: string; paymentId: string }) {
  const fee = (object as { [FEE]?: StripeFee })[FEE];
  if (!fee || fee.amount <= 0) return;
  await billing.postJournalEntry(scope, {
    kind: "stripe_fee",
    effectiveAt: new Date(),
    memo: "Stripe fee",
    invoiceId: refs.invoiceId,
    paymentId: refs.paymentId,
    externalRef: `stripe_fee:${fee.balanceTransactionId}`,
    lines: [
      { account: { kind: "stripe_fees", currency: fee.currency }, amount: fee.amount },
      { account: { kind: "cash", currency: fee.currency }, amount: -fee.amount },
    ],
  });
}

const SUBSCRIPTION_STATUS: Record<string, RetainerStatus | null> = {
  trialing: "trialing",
  active: "active",
  past_due: "past_due",
  unpaid: "past_due",
  paused: "paused",
  canceled: "canceled",
  incomplete_expired: "canceled",
  incomplete: null,
};

/** Moves the retainer to the subscription's current status (a new version only when it differs). */
async function applySubscription(billing: BillingServices, scope: TenantScope, subscription: Record<string, unknown>): Promise<Outcome> {
  const subscriptionId = str(subscription.id);
  const ourId = metadataOf(subscription).agency_retainer_id;
  const or: Prisma.RetainerWhereInput[] = [];
  if (ourId && /^[0-9a-f-]{36}$/i.test(ourId)) or.push({ id: ourId });
  if (subscriptionId) or.push({ stripeSubscriptionId: subscriptionId });
  const retainer = or.length ? await scope.tx.retainer.findFirst({ where: { orgId: scope.org.id, OR: or } }) : null;
  if (!retainer) return "ignored_unknown_subscription";
  if (subscriptionId && retainer.stripeSubscriptionId !== subscriptionId) {
    await billing.setRetainerStripeSubscription(scope, { retainerId: retainer.id, stripeSubscriptionId: subscriptionId });
  }
  const status = SUBSCRIPTION_STATUS[str(subscription.status) ?? ""] ?? null;
  if (!status) return `noop_${str(subscription.status) ?? "unknown"}`;
  const items = (subscription.items as { data?: { current_period_end?: number }[] } | undefined)?.data ?? [];
  const periodEnd = toDate(items[0]?.current_period_end ?? subscription.current_period_end);
  let endsAt =
    status === "canceled"
      ? (toDate(subscription.ended_at) ?? toDate(subscription.canceled_at) ?? new Date())
      : subscription.cancel_at_period_end === true
        ? (periodEnd ?? toDate(subscription.cancel_at))
        : null;
  // Not before the retainer's first terms (a subscription cannot end before we knew the retainer).
  const first = await scope.tx.retainerVersion.findFirst({
    where: { orgId: scope.org.id, retainerId: retainer.id },
    orderBy: [{ effectiveAt: "asc" }],
    select: { effectiveAt: true, startsAt: true },
  });
  const floor = first ? Math.max(first.effectiveAt.getTime(), first.startsAt.getTime() + 1) : 0;
  const effectiveAt = status === "canceled" ? new Date(Math.max(endsAt!.getTime(), floor)) : new Date(Math.max(Date.now(), floor));
  if (status === "canceled") endsAt = effectiveAt;
  const result = await billing.applyRetainerStatus(scope, {
    retainerId: retainer.id,
    status,
    effectiveAt,
    endsAt,
    reason: `Stripe subscription ${subscriptionId ?? ""} is ${String(subscription.status)}`,
  });
  return result.changed ? `retainer_${status}` : "retainer_unchanged";
}

/** Every succeeded refund of the charge, each once (its Stripe id is the refund's external id). */
async function applyRefunds(billing: BillingServices, scope: TenantScope, charge: Record<string, unknown>): Promise<Outcome> {
  const paymentIntent = idOf(charge.payment_intent);
  const externalIds = [paymentIntent, str(charge.id)].filter((v): v is string => v !== null);
  const payment = externalIds.length
    ? await scope.tx.payment.findFirst({ where: { orgId: scope.org.id, externalId: { in: externalIds } } })
    : null;
  if (!payment) return "ignored_unknown_payment";
  const refunds = ((charge.refunds as { data?: { id?: string; amount?: number; status?: string; reason?: string | null }[] } | undefined)?.data ?? [])
    .filter((r) => r.id && r.status === "succeeded" && typeof r.amount === "number");
  let applied = 0;
  for (const refund of refunds) {
    const result = await billing.refundPayment(scope, {
      paymentId: payment.id,
      amount: refund.amount!,
      externalId: refund.id!,
      reason: refund.reason ?? "Refunded in Stripe",
    });
    if (!result.replayed) applied += 1;
  }
  return applied > 0 ? `refunds_recorded_${applied}` : "refunds_already_recorded";
}
