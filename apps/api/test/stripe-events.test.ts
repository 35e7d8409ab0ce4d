import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingServices } from "../src/billing/stripe/billing-binding";
import { processStripeEvent } from "../src/billing/stripe/process-event";
import { idempotencyKeys, runStripeSync } from "../src/billing/stripe/sync";
import * as billing from "../src/billing/services";
import type { StripeSyncPayload } from "../src/jobs/queues";
import { createLogger } from "../src/observability/logger";
import { createClient } from "./helpers/fixtures";
import { connectedOrg, jobsOf, postSignedEvent, stripeEvent } from "./helpers/stripe";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * Stripe events applied by the stripe.event job, against the fake Stripe the SDK re-reads from:
 * every handled type delivered 10× concurrently (and its job run twice at once) has exactly one
 * effect; out-of-order deliveries end in Stripe's current state; Stripe failing leaves nothing
 * half-applied and the job's retry completes it; the ledger balances after everything; another
 * organization's customer is refused and audited. The outbound sync sends idempotency keys derived
 * from our ids, which the fake records.
 */
let t: TestApi;
let base: string;
let a: Awaited<ReturnType<typeof connectedOrg>>;
let b: Awaited<ReturnType<typeof connectedOrg>>;
let clientId: string;
const log = createLogger({ level: "silent" });
const handled = new Set<string>();

beforeAll(async () => {
  t = await startTestApi();
  base = await t.listen();
  a = await connectedOrg(t, "Acme");
  b = await connectedOrg(t, "Bolt");
  clientId = await createClient(t, a.orgId, "Client of Acme");
  await sync(a, { kind: "customer", clientId });
});
afterAll(() => t.close());

type Org = typeof a;
const deps = () => ({ db: t.api.deps.db, stripe: t.api.deps.stripe, billing: billingServices, log });
const serviceUserOf = async (org: Org) => (await t.prisma.stripeConnection.findUniqueOrThrow({ where: { orgId: org.orgId } })).serviceUserId;

/** Runs a stripe.sync job's work as the org's owner (what the worker does with the job). */
async function sync(org: Org, payload: StripeSyncPayload) {
  return runStripeSync(deps(), { orgId: org.orgId, actorId: org.ownerId, requestId: "test-sync" }, payload);
}

/** As the owner, inside one tenant transaction, through the billing services. */
function asOwner<T>(org: Org, fn: (scope: billing.BillingScope) => Promise<T>) {
  return t.api.deps.db.tenant({ userId: org.ownerId, orgId: org.orgId }, ({ tx }) =>
    fn({ tx, org: { id: org.orgId }, actor: { userId: org.ownerId }, request: null }),
  );
}

/**
 * Works every stripe.event job not handled yet, each one TWICE at the same time (pg-boss delivers
 * at least once): the second run must find the event processed (or wait on its lock).
 */
async function drainEvents(org: Org) {
  const actorId = await serviceUserOf(org);
  const jobs = (await jobsOf(t.prisma, "stripe.event")).filter((j) => !handled.has(j.id) && (j.data as { orgId: string }).orgId === org.orgId);
  const outcomes: string[] = [];
  for (const job of jobs) {
    const eventRowId = (job.data as { payload: { eventRowId: string } }).payload.eventRowId;
    const run = () => processStripeEvent(deps(), { orgId: org.orgId, actorId, requestId: null, eventRowId });
    const results = await Promise.all([run(), run()]);
    outcomes.push(results[0]!.outcome);
    handled.add(job.id);
  }
  return outcomes;
}

/** Posts the event 10× concurrently (each delivery signed), all answered 2xx. */
async function deliver10(org: Org, type: string, object: Record<string, unknown>) {
  const event = stripeEvent(type, object);
  const answers = await Promise.all(Array.from({ length: 10 }, () => postSignedEvent(base, org.orgId, org.webhookSecret, event)));
  expect(answers.map((x) => x.status)).toEqual(Array(10).fill(200));
  return event;
}

async function ledgerSums(orgId: string) {
  return t.prisma.$queryRaw<{ currency: string; total: bigint }[]>`
    SELECT currency, sum(amount)::bigint AS total FROM journal_lines WHERE org_id = ${orgId}::uuid GROUP BY currency`;
}
async function expectLedgerBalanced(orgId: string) {
  for (const row of await ledgerSums(orgId)) expect(row.total, `ledger of ${row.currency}`).toBe(0n);
}

async function newInvoice(org: Org, amount = 12_000) {
  return asOwner(org, (scope) =>
    billing.createInvoice(scope, { clientId, currency: "USD", lines: [{ description: "Design sprint", unitAmount: amount, quantity: 1 }] }),
  );
}
const invoiceRow = (id: string) => t.prisma.invoice.findUniqueOrThrow({ where: { id } });
const paymentsOf = (invoiceId: string) => t.prisma.payment.findMany({ where: { invoiceId } });
const stripeCustomerOf = async (org: Org, client: string) =>
  (await t.prisma.stripeCustomer.findFirstOrThrow({ where: { orgId: org.orgId, clientId: client } })).stripeCustomerId;

describe("outbound sync", () => {
  it("creates the customer once and finalizes an invoice with a hosted link, with idempotency keys from our ids", async () => {
    const again = await sync(a, { kind: "customer", clientId });
    expect(again).toEqual({ stripeCustomerId: await stripeCustomerOf(a, clientId) });
    const invoice = await newInvoice(a);
    const result = (await sync(a, { kind: "invoice", invoiceId: invoice.id })) as { stripeInvoiceId: string; hostedUrl: string };
    expect(result.hostedUrl).toMatch(/^https:\/\/invoice\.stripe\.test\//);
    const row = await invoiceRow(invoice.id);
    expect(row).toMatchObject({ status: "open", stripeInvoiceId: result.stripeInvoiceId, hostedUrl: result.hostedUrl });
    const keys = t.stripe.idempotencyKeys();
    expect(keys).toContain(idempotencyKeys.customer(clientId));
    expect(keys).toContain(idempotencyKeys.invoice(invoice.id));
    expect(keys).toContain(idempotencyKeys.finalize(invoice.id));
    expect(t.stripe.get(result.stripeInvoiceId)).toMatchObject({ status: "open", total: 12_000, metadata: { agency_invoice_id: invoice.id, agency_org_id: a.orgId } });
    await expectLedgerBalanced(a.orgId);
  });

  it("Stripe answering 500 then timing out fails the job with nothing of ours changed; the retry completes it once", async () => {
    const invoice = await newInvoice(a, 5_000);
    t.stripe.failNext(2, "500");
    await expect(sync(a, { kind: "invoice", invoiceId: invoice.id })).rejects.toThrow();
    t.stripe.failNext(2, "hang");
    await expect(sync(a, { kind: "invoice", invoiceId: invoice.id })).rejects.toThrow();
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "draft", stripeInvoiceId: null, hostedUrl: null });
    const result = (await sync(a, { kind: "invoice", invoiceId: invoice.id })) as { stripeInvoiceId: string };
    // One Stripe invoice for ours, however many attempts: the retries replayed the same key.
    const created = t.stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/invoices" && r.idempotencyKey === idempotencyKeys.invoice(invoice.id) && r.status === 200);
    expect(new Set(created.map(() => result.stripeInvoiceId)).size).toBe(1);
    expect(created.filter((r) => !r.replayed).length).toBe(1);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open", stripeInvoiceId: result.stripeInvoiceId });
    await expectLedgerBalanced(a.orgId);
  });
});

describe("links and queued syncs (procedures)", () => {
  it("checkoutLink and portalLink answer Stripe URLs; sendInvoice and syncRetainer queue stripe.sync jobs; bad ids are 404", async () => {
    const { callerFor } = await import("./helpers/callers");
    const owner = callerFor(t, a.ownerId);
    const invoice = await newInvoice(a, 6_600);
    const checkout = await owner.billingStripe.checkoutLink({ orgId: a.orgId, invoiceId: invoice.id });
    expect(checkout.url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const session = t.stripe.requests.findLast((r) => r.path === "/v1/checkout/sessions")!;
    expect(session.idempotencyKey).toBe(idempotencyKeys.checkout(invoice.id, 1));
    expect(session.body).toMatchObject({
      mode: "payment",
      customer: await stripeCustomerOf(a, clientId),
      metadata: { agency_invoice_id: invoice.id },
      // The card is kept on the client's customer for later charges.
      payment_intent_data: { setup_future_usage: "off_session" },
      line_items: [{ price_data: { unit_amount: "6600", currency: "usd" } }],
    });
    expect((await owner.billingStripe.portalLink({ orgId: a.orgId, clientId })).url).toMatch(/^https:\/\/billing\.stripe\.test\//);
    const queued = await owner.billingStripe.sendInvoice({ orgId: a.orgId, invoiceId: invoice.id });
    expect(queued.queued).toBe(true);
    const job = (await jobsOf(t.prisma, "stripe.sync")).find((j) => j.id === queued.jobId);
    expect(job?.data).toMatchObject({ orgId: a.orgId, actorId: a.ownerId, payload: { kind: "invoice", invoiceId: invoice.id } });
    await expect(owner.billingStripe.sendInvoice({ orgId: a.orgId, invoiceId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Once finalized in Stripe the invoice has its hosted page: no second way to pay it.
    await sync(a, { kind: "invoice", invoiceId: invoice.id });
    await expect(owner.billingStripe.checkoutLink({ orgId: a.orgId, invoiceId: invoice.id })).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { details: { reason: "has_hosted_invoice" } },
    });
    await expect(owner.billingStripe.checkoutLink({ orgId: b.orgId, invoiceId: invoice.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("stripe.event", () => {
  it("invoice.finalized and invoice.paid, each delivered 10× concurrently, record one payment and the invoice is paid", async () => {
    const invoice = await newInvoice(a, 30_000);
    const { stripeInvoiceId } = (await sync(a, { kind: "invoice", invoiceId: invoice.id })) as { stripeInvoiceId: string };
    await deliver10(a, "invoice.finalized", { id: stripeInvoiceId, object: "invoice" });
    expect(await drainEvents(a)).toEqual(["invoice_open"]);
    t.stripe.patch(stripeInvoiceId, {
      status: "paid",
      amount_paid: 30_000,
      payments: { object: "list", data: [{ payment: { type: "payment_intent", payment_intent: "pi_paid_once" } }] },
    });
    // Stripe's fee on the charge: one stripe_fee entry (Dr stripe_fees / Cr cash), however often the event comes.
    t.stripe.put({ id: "pi_paid_once", object: "payment_intent", latest_charge: { id: "ch_paid_once", balance_transaction: { id: "txn_paid_once", fee: 900, currency: "usd" } } });
    await deliver10(a, "invoice.paid", { id: stripeInvoiceId, object: "invoice" });
    expect(await drainEvents(a)).toEqual(["payment_recorded"]);
    const payments = await paymentsOf(invoice.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: 30_000n, method: "stripe", externalId: "pi_paid_once" });
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid", amountPaid: 30_000n });
    const fees = await t.prisma.journalEntry.findMany({ where: { orgId: a.orgId, kind: "stripe_fee" }, include: { lines: true } });
    expect(fees).toHaveLength(1);
    expect(fees[0]).toMatchObject({ externalRef: "stripe_fee:txn_paid_once", invoiceId: invoice.id, paymentId: payments[0]!.id });
    expect(fees[0]!.lines.map((l) => l.amount).sort()).toEqual([-900n, 900n]);
    await expectLedgerBalanced(a.orgId);
  });

  it("out of order: invoice.paid before invoice.finalized ends paid, with one payment", async () => {
    const invoice = await newInvoice(a, 7_000);
    const customer = await stripeCustomerOf(a, clientId);
    const remote = t.stripe.put({
      id: `in_ooo${Date.now()}`,
      object: "invoice",
      customer,
      currency: "usd",
      status: "paid",
      total: 7_000,
      amount_paid: 7_000,
      hosted_invoice_url: "https://invoice.stripe.test/ooo",
      metadata: { agency_invoice_id: invoice.id, agency_org_id: a.orgId },
      payments: { object: "list", data: [{ payment: { type: "payment_intent", payment_intent: "pi_ooo" } }] },
    });
    await deliver10(a, "invoice.paid", { id: remote.id, object: "invoice" });
    await deliver10(a, "invoice.finalized", { id: remote.id, object: "invoice" });
    expect(await drainEvents(a)).toEqual(["payment_recorded", "already_paid"]);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid", stripeInvoiceId: remote.id, hostedUrl: "https://invoice.stripe.test/ooo" });
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    await expectLedgerBalanced(a.orgId);
  });

  it("invoice.voided, invoice.marked_uncollectible and invoice.payment_failed move the invoice once", async () => {
    const voided = await newInvoice(a, 1_000);
    const uncollectible = await newInvoice(a, 2_000);
    const failed = await newInvoice(a, 3_000);
    const ids: Record<string, string> = {};
    for (const inv of [voided, uncollectible, failed]) {
      ids[inv.id] = ((await sync(a, { kind: "invoice", invoiceId: inv.id })) as { stripeInvoiceId: string }).stripeInvoiceId;
    }
    t.stripe.patch(ids[voided.id]!, { status: "void" });
    t.stripe.patch(ids[uncollectible.id]!, { status: "uncollectible" });
    await deliver10(a, "invoice.voided", { id: ids[voided.id], object: "invoice" });
    await deliver10(a, "invoice.marked_uncollectible", { id: ids[uncollectible.id], object: "invoice" });
    await deliver10(a, "invoice.payment_failed", { id: ids[failed.id], object: "invoice" });
    expect(await drainEvents(a)).toEqual(["invoice_voided", "invoice_uncollectible", "invoice_open"]);
    expect((await invoiceRow(voided.id)).status).toBe("void");
    expect((await invoiceRow(uncollectible.id)).status).toBe("uncollectible");
    expect((await invoiceRow(failed.id)).status).toBe("open");
    const entries = await t.prisma.journalEntry.groupBy({ by: ["kind"], where: { orgId: a.orgId, invoiceId: { in: [voided.id, uncollectible.id] } }, _count: true });
    expect(Object.fromEntries(entries.map((e) => [e.kind, e._count]))).toMatchObject({ invoice_voided: 1, write_off: 1 });
    await expectLedgerBalanced(a.orgId);
  });

  it("checkout.session.completed records the payment once; charge.refunded records each refund once", async () => {
    const invoice = await newInvoice(a, 9_900);
    await asOwner(a, (scope) => billing.issueInvoice(scope, { invoiceId: invoice.id }));
    const customer = await stripeCustomerOf(a, clientId);
    const session = t.stripe.put({
      id: `cs_test_${Date.now()}`,
      object: "checkout.session",
      customer,
      mode: "payment",
      status: "complete",
      payment_status: "paid",
      payment_intent: "pi_checkout_1",
      amount_total: 9_900,
      currency: "usd",
      metadata: { agency_invoice_id: invoice.id, agency_org_id: a.orgId },
    });
    await deliver10(a, "checkout.session.completed", { id: session.id, object: "checkout.session" });
    expect(await drainEvents(a)).toEqual(["payment_recorded"]);
    const charge = t.stripe.put({
      id: `ch_${Date.now()}`,
      object: "charge",
      customer,
      payment_intent: "pi_checkout_1",
      amount: 9_900,
      amount_refunded: 2_500,
      refunds: { object: "list", data: [{ id: "re_first", amount: 2_500, status: "succeeded" }] },
    });
    await deliver10(a, "charge.refunded", { id: charge.id, object: "charge" });
    expect(await drainEvents(a)).toEqual(["refunds_recorded_1"]);
    // A second refund on the same charge: a new event re-reads both, applies only the new one.
    t.stripe.patch(charge.id, { amount_refunded: 4_000, refunds: { object: "list", data: [{ id: "re_first", amount: 2_500, status: "succeeded" }, { id: "re_second", amount: 1_500, status: "succeeded" }] } });
    await deliver10(a, "charge.refunded", { id: charge.id, object: "charge" });
    expect(await drainEvents(a)).toEqual(["refunds_recorded_1"]);
    const refunds = await t.prisma.refund.findMany({ where: { invoiceId: invoice.id }, orderBy: { createdAt: "asc" } });
    expect(refunds.map((r) => [r.externalId, r.amount])).toEqual([["re_first", 2_500n], ["re_second", 1_500n]]);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    await expectLedgerBalanced(a.orgId);
  });

  it("subscription events out of order (updated before created), each 10×, end in Stripe's current status; deleted cancels", async () => {
    const retainer = await asOwner(a, (scope) =>
      billing.createRetainer(scope, { clientId, name: "Monthly care", currency: "USD", unitAmount: 150_000, interval: "month" }),
    );
    const { stripeSubscriptionId } = (await sync(a, { kind: "subscription", retainerId: retainer.id })) as { stripeSubscriptionId: string };
    expect(t.stripe.idempotencyKeys()).toContain(idempotencyKeys.subscription(retainer.id));
    expect((await t.prisma.retainer.findUniqueOrThrow({ where: { id: retainer.id } })).stripeSubscriptionId).toBe(stripeSubscriptionId);
    t.stripe.patch(stripeSubscriptionId, { status: "past_due" });
    await deliver10(a, "customer.subscription.updated", { id: stripeSubscriptionId, object: "subscription" });
    await deliver10(a, "customer.subscription.created", { id: stripeSubscriptionId, object: "subscription" });
    expect(await drainEvents(a)).toEqual(["retainer_past_due", "retainer_unchanged"]);
    const endedAt = Math.floor(Date.now() / 1000) - 60;
    t.stripe.patch(stripeSubscriptionId, { status: "canceled", ended_at: endedAt, canceled_at: endedAt });
    await deliver10(a, "customer.subscription.deleted", { id: stripeSubscriptionId, object: "subscription" });
    expect(await drainEvents(a)).toEqual(["retainer_canceled"]);
    const versions = await t.prisma.retainerVersion.findMany({ where: { retainerId: retainer.id }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.status)).toEqual(["active", "past_due", "canceled"]);
  });

  it("an invoice Stripe makes for a subscription's period is imported once into our books (lines, discount, tax), paid, ledger balanced; we never invoice that period ourselves", async () => {
    const retainer = await asOwner(a, (scope) =>
      billing.createRetainer(scope, { clientId, name: "Retainer billed by Stripe", currency: "USD", unitAmount: 150_000, interval: "month" }),
    );
    const { stripeSubscriptionId } = (await sync(a, { kind: "subscription", retainerId: retainer.id })) as { stripeSubscriptionId: string };
    // Stripe bills this retainer's periods: invoicing one here too would bill the client twice.
    await expect(asOwner(a, (scope) => billing.generateRetainerInvoice(scope, { retainerId: retainer.id }))).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      details: { reason: "billed_by_stripe" },
    });

    const start = Math.floor(Date.now() / 1000) - 3_600;
    const end = start + 30 * 86_400;
    const remote = t.stripe.put({
      id: `in_cycle${Date.now()}`,
      object: "invoice",
      customer: await stripeCustomerOf(a, clientId),
      currency: "usd",
      status: "paid",
      billing_reason: "subscription_cycle",
      parent: { type: "subscription_details", subscription_details: { subscription: stripeSubscriptionId } },
      // 1,500.00 of service, 150.00 off (a Stripe coupon), 67.50 tax: 1,417.50 due and paid.
      lines: { object: "list", data: [{ amount: 150_000, description: "1 × Retainer billed by Stripe", quantity: 1, period: { start, end } }] },
      tax: 6_750,
      total: 141_750,
      amount_paid: 141_750,
      hosted_invoice_url: "https://invoice.stripe.test/cycle",
      status_transitions: { finalized_at: start, paid_at: start + 60 },
      payments: { object: "list", data: [{ payment: { type: "payment_intent", payment_intent: `pi_cycle${Date.now()}` } }] },
      metadata: {},
    });
    // Both events at once, each 10×: the invoice is imported once and paid once.
    await Promise.all([
      deliver10(a, "invoice.finalized", { id: remote.id, object: "invoice" }),
      deliver10(a, "invoice.paid", { id: remote.id, object: "invoice" }),
    ]);
    expect((await drainEvents(a)).sort()).toEqual(["already_paid", "payment_recorded"]);

    const imported = await t.prisma.invoice.findMany({ where: { orgId: a.orgId, stripeInvoiceId: remote.id }, include: { lines: { orderBy: { position: "asc" } } } });
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({
      retainerId: retainer.id,
      clientId,
      currency: "USD",
      status: "paid",
      subtotal: 135_000n,
      tax: 6_750n,
      total: 141_750n,
      amountPaid: 141_750n,
      hostedUrl: "https://invoice.stripe.test/cycle",
      periodStart: new Date(start * 1000),
      periodEnd: new Date(end * 1000),
    });
    expect(imported[0]!.number).toMatch(/^INV-\d{6}$/);
    expect(imported[0]!.lines.map((line) => [line.description, line.amount])).toEqual([
      ["1 × Retainer billed by Stripe", 150_000n],
      ["Discounts", -15_000n],
    ]);
    expect(await paymentsOf(imported[0]!.id)).toHaveLength(1);
    await expectLedgerBalanced(a.orgId);

    // A draft Stripe may still change, or an invoice of a subscription we do not know, is not imported.
    const draft = t.stripe.put({ ...remote, id: `in_draft${Date.now()}`, status: "draft" });
    const foreign = t.stripe.put({
      ...remote,
      id: `in_foreignsub${Date.now()}`,
      parent: { type: "subscription_details", subscription_details: { subscription: "sub_not_ours" } },
    });
    await deliver10(a, "invoice.finalized", { id: draft.id, object: "invoice" });
    await deliver10(a, "invoice.paid", { id: foreign.id, object: "invoice" });
    expect(await drainEvents(a)).toEqual(["ignored_unknown_invoice", "ignored_unknown_invoice"]);
    expect(await t.prisma.invoice.count({ where: { orgId: a.orgId, stripeInvoiceId: { in: [draft.id, foreign.id] } } })).toBe(0);
  });

  it("pausing, resuming and canceling a Stripe-billed retainer here queues the change, and Stripe's subscription follows", async () => {
    const { callerFor } = await import("./helpers/callers");
    const owner = callerFor(t, a.ownerId);
    const retainer = await owner.retainers.create({ orgId: a.orgId, clientId, name: "Support plan", currency: "USD", unitAmount: 90_000 });
    const { stripeSubscriptionId } = (await sync(a, { kind: "subscription", retainerId: retainer.id })) as { stripeSubscriptionId: string };
    /** Runs the stripe.sync jobs the procedure queued (what the worker does), and answers how many ran. */
    const ranSyncs = new Set<string>();
    const runQueuedSyncs = async () => {
      const jobs = (await jobsOf(t.prisma, "stripe.sync")).filter((j) => !ranSyncs.has(j.id) && (j.data as { orgId: string }).orgId === a.orgId);
      for (const job of jobs) {
        ranSyncs.add(job.id);
        await sync(a, (job.data as { payload: StripeSyncPayload }).payload);
      }
      return jobs.length;
    };
    await runQueuedSyncs(); // anything queued before this test

    const synced = await owner.retainers.get({ orgId: a.orgId, retainerId: retainer.id });
    let current = await owner.retainers.pause({ orgId: a.orgId, retainerId: retainer.id, expectedVersion: synced.version });
    expect(await runQueuedSyncs()).toBe(1);
    expect(t.stripe.get(stripeSubscriptionId)).toMatchObject({ pause_collection: { behavior: "void" } });

    current = await owner.retainers.resume({ orgId: a.orgId, retainerId: retainer.id, expectedVersion: current.version });
    expect(await runQueuedSyncs()).toBe(1);
    expect(t.stripe.get(stripeSubscriptionId)).toMatchObject({ pause_collection: null, status: "active" });

    await owner.retainers.cancel({ orgId: a.orgId, retainerId: retainer.id, expectedVersion: current.version, atPeriodEnd: false });
    expect(await runQueuedSyncs()).toBe(1);
    expect(t.stripe.get(stripeSubscriptionId)).toMatchObject({ status: "canceled" });
    expect(t.stripe.idempotencyKeys()).toContain(idempotencyKeys.subscriptionCancel(retainer.id));

    // A retainer Stripe does not bill queues nothing.
    const local = await owner.retainers.create({ orgId: a.orgId, clientId, name: "Local plan", currency: "USD", unitAmount: 10_000 });
    await owner.retainers.pause({ orgId: a.orgId, retainerId: local.id, expectedVersion: local.version });
    expect(await runQueuedSyncs()).toBe(0);
  });

  it("an event for another organization's customer is refused, audited, and applies nothing", async () => {
    const invoice = await newInvoice(a, 4_400);
    const { stripeInvoiceId } = (await sync(a, { kind: "invoice", invoiceId: invoice.id })) as { stripeInvoiceId: string };
    t.stripe.patch(stripeInvoiceId, { status: "paid", amount_paid: 4_400 });
    // Org B's endpoint receives an event about org A's invoice (one Stripe account connected to both).
    await deliver10(b, "invoice.paid", { id: stripeInvoiceId, object: "invoice" });
    // B's key reads from its own account in the fake; the object is shared here, as in that setup.
    expect(await drainEvents(b)).toEqual(["refused_foreign_customer"]);
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    const audit = await t.prisma.auditLog.findMany({ where: { orgId: b.orgId, action: "stripe.event_refused" } });
    expect(audit).toHaveLength(1);
    expect(await t.prisma.journalLine.count({ where: { orgId: b.orgId } })).toBe(0);
  });

  it("Stripe failing the re-read leaves the event unprocessed and nothing applied; the retry applies it once", async () => {
    const invoice = await newInvoice(a, 8_000);
    const { stripeInvoiceId } = (await sync(a, { kind: "invoice", invoiceId: invoice.id })) as { stripeInvoiceId: string };
    t.stripe.patch(stripeInvoiceId, { status: "paid", amount_paid: 8_000, payments: { object: "list", data: [{ payment: { payment_intent: "pi_retry" } }] } });
    const event = await deliver10(a, "invoice.paid", { id: stripeInvoiceId, object: "invoice" });
    const row = await t.prisma.stripeEvent.findFirstOrThrow({ where: { orgId: a.orgId, eventId: event.id } });
    const actorId = await serviceUserOf(a);
    t.stripe.failNext(2, "500");
    await expect(processStripeEvent(deps(), { orgId: a.orgId, actorId, requestId: null, eventRowId: row.id })).rejects.toThrow();
    expect(await t.prisma.stripeEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ processedAt: null, attempts: 1 });
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    t.stripe.failNext(2, "hang");
    await expect(processStripeEvent(deps(), { orgId: a.orgId, actorId, requestId: null, eventRowId: row.id })).rejects.toThrow();
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    expect(await drainEvents(a)).toEqual(["payment_recorded"]);
    expect(await t.prisma.stripeEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ outcome: "payment_recorded", attempts: 3 });
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    await expectLedgerBalanced(a.orgId);
  });

  it("unknown event types are acknowledged and marked ignored", async () => {
    const event = await deliver10(a, "payout.paid", { id: "po_1", object: "payout" });
    expect(await drainEvents(a)).toEqual(["ignored_unhandled_type"]);
    expect(await t.prisma.stripeEvent.findFirstOrThrow({ where: { orgId: a.orgId, eventId: event.id } })).toMatchObject({ outcome: "ignored_unhandled_type" });
  });
});

describe("stripe.event on a real worker", () => {
  it("Stripe answering 500 fails the first attempt; pg-boss retries and the event applies once", async () => {
    const { productionQueues } = await import("../src/jobs/handlers");
    const { startRunner } = await import("./helpers/jobs");
    const invoice = await newInvoice(a, 3_300);
    const { stripeInvoiceId } = (await sync(a, { kind: "invoice", invoiceId: invoice.id })) as { stripeInvoiceId: string };
    t.stripe.patch(stripeInvoiceId, { status: "paid", amount_paid: 3_300, payments: { object: "list", data: [{ payment: { payment_intent: "pi_worker" } }] } });
    // Everything enqueued so far was worked by hand above: only this event's job is left to the worker.
    for (const job of await jobsOf(t.prisma, "stripe.event")) handled.add(job.id);
    await t.prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = 'stripe.event' AND state = 'created'`;
    t.stripe.failNext(2, "500");
    const event = await deliver10(a, "invoice.paid", { id: stripeInvoiceId, object: "invoice" });
    const queues = productionQueues({ db: t.api.deps.db, retentionDays: 30, stripe: t.api.deps.stripe })
      .filter((q) => q.definition.name === "stripe.event")
      .map((q) => ({ ...q, definition: { ...q.definition, pollingIntervalSeconds: 0.5, options: { ...q.definition.options, retryDelay: 1, retryBackoff: true, retryDelayMax: 2 } } }));
    const worker = await startRunner(t.databaseUrl, queues);
    try {
      await expect
        .poll(async () => (await t.prisma.stripeEvent.findFirstOrThrow({ where: { orgId: a.orgId, eventId: event.id } })).outcome, { timeout: 30_000 })
        .toBe("payment_recorded");
    } finally {
      await worker.stop(5_000);
    }
    const row = await t.prisma.stripeEvent.findFirstOrThrow({ where: { orgId: a.orgId, eventId: event.id } });
    expect(row.attempts).toBe(2);
    const jobs = (await jobsOf(t.prisma, "stripe.event")).filter((j) => (j.data as { payload: { eventRowId: string } }).payload.eventRowId === row.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: "completed", retry_count: 1 });
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    await expectLedgerBalanced(a.orgId);
  });
});
