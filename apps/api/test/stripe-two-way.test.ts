import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingServices } from "../src/billing/stripe/billing-binding";
import type { BillingServices } from "../src/billing/stripe/billing-port";
import { processStripeEvent } from "../src/billing/stripe/process-event";
import { idempotencyKeys, runStripeSync } from "../src/billing/stripe/sync";
import * as billing from "../src/billing/services";
import type { StripeSyncPayload } from "../src/jobs/queues";
import { createLogger } from "../src/observability/logger";
import { callerFor } from "./helpers/callers";
import { createClient } from "./helpers/fixtures";
import { connectedOrg, jobsOf, postSignedEvent, stripeEvent } from "./helpers/stripe";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * Voids and refunds made here reach Stripe (stripe.sync jobs queued in the change's transaction,
 * run here as the worker would): a voided invoice's hosted page can no longer be paid, a refund of a
 * Stripe payment returns the money in Stripe — and what Stripe reports back (invoice.voided,
 * charge.refunded) applies nothing a second time. Stripe refusing (invoice already paid, charge
 * already refunded) ends the job with a recorded outcome instead of retrying.
 */
let t: TestApi;
let base: string;
let a: Awaited<ReturnType<typeof connectedOrg>>;
let b: Awaited<ReturnType<typeof connectedOrg>>;
let clientId: string;
const log = createLogger({ level: "silent" });
const ran = new Set<string>();

beforeAll(async () => {
  t = await startTestApi();
  base = await t.listen();
  a = await connectedOrg(t, "Acme");
  b = await connectedOrg(t, "Bolt");
  clientId = await createClient(t, a.orgId, "Client of Acme");
});
afterAll(() => t.close());

type Org = typeof a;
const deps = (services: BillingServices = billingServices) => ({ db: t.api.deps.db, stripe: t.api.deps.stripe, billing: services, log });
const owner = (org: Org) => callerFor(t, org.ownerId);

/** The stripe.sync jobs the org's procedures queued and no test ran yet. */
async function queuedSyncs(org: Org) {
  const jobs = await jobsOf(t.prisma, "stripe.sync");
  return jobs
    .filter((job) => !ran.has(job.id) && (job.data as { orgId: string }).orgId === org.orgId)
    .map((job) => ({ id: job.id, ...(job.data as { actorId: string; payload: StripeSyncPayload }) }));
}

/** Runs them as the worker does (as the user who queued them); answers each job's output. */
async function runQueuedSyncs(org: Org, services?: BillingServices) {
  const outputs: unknown[] = [];
  for (const job of await queuedSyncs(org)) {
    ran.add(job.id);
    outputs.push(await runStripeSync(deps(services), { orgId: org.orgId, actorId: job.actorId, requestId: "test-sync" }, job.payload));
  }
  return outputs;
}

/** Posts one signed event and applies its stripe.event job(s) as the connection's service user. */
async function deliver(org: Org, type: string, object: Record<string, unknown>) {
  const answer = await postSignedEvent(base, org.orgId, org.webhookSecret, stripeEvent(type, object));
  expect(answer.status).toBe(200);
  const actorId = (await t.prisma.stripeConnection.findUniqueOrThrow({ where: { orgId: org.orgId } })).serviceUserId;
  const outcomes: string[] = [];
  for (const job of await jobsOf(t.prisma, "stripe.event")) {
    if (ran.has(job.id) || (job.data as { orgId: string }).orgId !== org.orgId) continue;
    ran.add(job.id);
    const eventRowId = (job.data as { payload: { eventRowId: string } }).payload.eventRowId;
    outcomes.push((await processStripeEvent(deps(), { orgId: org.orgId, actorId, requestId: null, eventRowId })).outcome);
  }
  return outcomes;
}

async function expectLedgerBalanced(orgId: string) {
  const sums = await t.prisma.$queryRaw<{ currency: string; total: bigint }[]>`
    SELECT currency, sum(amount)::bigint AS total FROM journal_lines WHERE org_id = ${orgId}::uuid GROUP BY currency`;
  for (const row of sums) expect(row.total, `ledger of ${row.currency}`).toBe(0n);
}

/** An invoice finalized in Stripe (open on both sides, with its hosted page). */
async function invoiceInStripe(amount: number) {
  const invoice = await t.api.deps.db.tenant({ userId: a.ownerId, orgId: a.orgId }, ({ tx }) =>
    billing.createInvoice({ tx, org: { id: a.orgId }, actor: { userId: a.ownerId }, request: null }, {
      clientId,
      currency: "USD",
      lines: [{ description: "Design sprint", unitAmount: amount }],
    }),
  );
  const synced = (await runStripeSync(deps(), { orgId: a.orgId, actorId: a.ownerId, requestId: null }, { kind: "invoice", invoiceId: invoice.id })) as {
    stripeInvoiceId: string;
  };
  return { id: invoice.id, stripeInvoiceId: synced.stripeInvoiceId };
}

/** …paid by card in Stripe (PaymentIntent `pi`, charge `ch`), the payment recorded here by invoice.paid. */
async function paidInStripe(amount: number, tag: string) {
  const invoice = await invoiceInStripe(amount);
  const customer = String(t.stripe.get(invoice.stripeInvoiceId)?.customer);
  const charge = t.stripe.put({ id: `ch_${tag}`, object: "charge", customer, payment_intent: `pi_${tag}`, amount, amount_refunded: 0, currency: "usd", refunds: { object: "list", data: [] } });
  t.stripe.patch(invoice.stripeInvoiceId, { status: "paid", amount_paid: amount, payments: { object: "list", data: [{ payment: { payment_intent: `pi_${tag}` } }] } });
  expect(await deliver(a, "invoice.paid", { id: invoice.stripeInvoiceId, object: "invoice" })).toEqual(["payment_recorded"]);
  const payment = await t.prisma.payment.findFirstOrThrow({ where: { invoiceId: invoice.id } });
  expect(payment).toMatchObject({ method: "stripe", externalId: `pi_${tag}` });
  return { ...invoice, chargeId: charge.id, paymentId: payment.id };
}

const invoiceRow = (id: string) => t.prisma.invoice.findUniqueOrThrow({ where: { id } });
const refundsOf = (invoiceId: string) => t.prisma.refund.findMany({ where: { invoiceId }, orderBy: { createdAt: "asc" } });

describe("void here → Stripe", () => {
  it("voiding an invoice finalized in Stripe queues a stripe.sync in the void's transaction; the job voids it in Stripe once; invoice.voided coming back applies nothing", async () => {
    await runQueuedSyncs(a);
    const invoice = await invoiceInStripe(12_000);
    const before = await invoiceRow(invoice.id);
    const voided = await owner(a).invoices.void({ orgId: a.orgId, invoiceId: invoice.id, expectedVersion: before.version, reason: "Wrong client" });
    expect(voided.status).toBe("void");
    const queued = await queuedSyncs(a);
    expect(queued.map((job) => [job.payload, job.actorId])).toEqual([[{ kind: "invoice_void", invoiceId: invoice.id }, a.ownerId]]);

    expect(await runQueuedSyncs(a)).toEqual([{ outcome: "voided_in_stripe", stripeInvoiceId: invoice.stripeInvoiceId }]);
    expect(t.stripe.get(invoice.stripeInvoiceId)).toMatchObject({ status: "void" });
    const voids = t.stripe.requests.filter((r) => r.path === `/v1/invoices/${invoice.stripeInvoiceId}/void`);
    expect(voids.map((r) => [r.idempotencyKey, r.status])).toEqual([[idempotencyKeys.voidInvoice(invoice.id), 200]]);
    // The job run again (pg-boss is at-least-once): Stripe's invoice is void already.
    expect(await runStripeSync(deps(), { orgId: a.orgId, actorId: a.ownerId, requestId: null }, { kind: "invoice_void", invoiceId: invoice.id })).toEqual({
      outcome: "already_void",
      stripeInvoiceId: invoice.stripeInvoiceId,
    });

    expect(await deliver(a, "invoice.voided", { id: invoice.stripeInvoiceId, object: "invoice" })).toEqual(["already_void"]);
    expect(await t.prisma.journalEntry.count({ where: { invoiceId: invoice.id, kind: "invoice_voided" } })).toBe(1);
    await expectLedgerBalanced(a.orgId);
  });

  it("an invoice with no Stripe invoice, or in an organization without Stripe, queues nothing when voided", async () => {
    const draft = await owner(a).invoices.create({ orgId: a.orgId, clientId, currency: "USD", lines: [{ description: "Local only", unitAmount: 500 }] });
    await owner(a).invoices.void({ orgId: a.orgId, invoiceId: draft.id });
    expect(await queuedSyncs(a)).toEqual([]);

    // Bolt disconnected Stripe: its invoice keeps a Stripe id from before, and stays local.
    const bClient = await createClient(t, b.orgId, "Client of Bolt");
    const bInvoice = await owner(b).invoices.create({ orgId: b.orgId, clientId: bClient, currency: "USD", lines: [{ description: "Old", unitAmount: 900 }] });
    await owner(b).invoices.issue({ orgId: b.orgId, invoiceId: bInvoice.id });
    await t.prisma.invoice.update({ where: { id: bInvoice.id }, data: { stripeInvoiceId: "in_from_before_disconnect" } });
    await owner(b).billingStripe.disconnect({ orgId: b.orgId });
    expect((await owner(b).invoices.void({ orgId: b.orgId, invoiceId: bInvoice.id })).status).toBe("void");
    expect(await queuedSyncs(b)).toEqual([]);
    // Another organization's invoice is not found, let alone voided.
    await expect(owner(b).invoices.void({ orgId: b.orgId, invoiceId: draft.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("voided here after the client paid in Stripe: the job ends with paid_in_stripe (no retry, nothing recorded); the invoice.paid event is rejected_conflict", async () => {
    const invoice = await invoiceInStripe(4_000);
    t.stripe.patch(invoice.stripeInvoiceId, { status: "paid", amount_paid: 4_000, payments: { object: "list", data: [{ payment: { payment_intent: "pi_raced" } }] } });
    await owner(a).invoices.void({ orgId: a.orgId, invoiceId: invoice.id });
    expect(await runQueuedSyncs(a)).toEqual([{ outcome: "paid_in_stripe", stripeInvoiceId: invoice.stripeInvoiceId }]);
    expect(t.stripe.requests.some((r) => r.path === `/v1/invoices/${invoice.stripeInvoiceId}/void`)).toBe(false);
    expect(await deliver(a, "invoice.paid", { id: invoice.stripeInvoiceId, object: "invoice" })).toEqual(["rejected_conflict"]);
    expect(await t.prisma.payment.count({ where: { invoiceId: invoice.id } })).toBe(0);
    expect((await invoiceRow(invoice.id)).status).toBe("void");
    await expectLedgerBalanced(a.orgId);
  });

  it("Stripe refusing the void (4xx) ends the job with a recorded, audited outcome instead of retrying", async () => {
    const invoice = await invoiceInStripe(2_500);
    // Something Stripe will not void (a draft again, as far as this fake is concerned).
    t.stripe.patch(invoice.stripeInvoiceId, { status: "draft" });
    await owner(a).invoices.void({ orgId: a.orgId, invoiceId: invoice.id });
    const [output] = (await runQueuedSyncs(a)) as { outcome: string; reason: string }[];
    expect(output).toMatchObject({ outcome: "refused_by_stripe", reason: expect.stringContaining("only pass in open invoices") });
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { orgId: a.orgId, action: "stripe.sync_refused", targetId: invoice.id } });
    expect(audit).toMatchObject({ actorUserId: a.ownerId, metadata: { kind: "invoice_void", outcome: "refused_by_stripe", stripeCode: "invoice_not_open" } });
    // Stripe down is different: thrown, so pg-boss retries it.
    t.stripe.failNext(2, "500");
    await expect(runStripeSync(deps(), { orgId: a.orgId, actorId: a.ownerId, requestId: null }, { kind: "invoice_void", invoiceId: invoice.id })).rejects.toThrow();
  });
});

describe("refund here → Stripe", () => {
  it("a Stripe payment is refunded by Stripe (payment_intent, amount, key from our refund id), then recorded once with Stripe's id; charge.refunded for it applies nothing new", async () => {
    const paid = await paidInStripe(12_000, "refund_here");
    await runQueuedSyncs(a);
    const answered = await owner(a).invoices.refund({ orgId: a.orgId, invoiceId: paid.id, amount: 2_000, reason: "Goodwill" });
    // Nothing recorded before Stripe has refunded: the answer is the invoice as it was.
    expect(answered).toMatchObject({ status: "paid", amountRefunded: 0 });
    expect(await refundsOf(paid.id)).toEqual([]);
    const [job] = await queuedSyncs(a);
    expect(job?.payload).toMatchObject({ kind: "refund", paymentId: paid.paymentId, amount: 2_000, reason: "Goodwill" });
    const refundId = (job!.payload as { refundId: string }).refundId;
    expect(await t.prisma.auditLog.count({ where: { orgId: a.orgId, action: "payment.refund_requested", targetId: paid.id } })).toBe(1);

    const [output] = (await runQueuedSyncs(a)) as { outcome: string; stripeRefundId: string }[];
    expect(output).toMatchObject({ outcome: "refund_recorded", stripeRefundId: expect.stringMatching(/^re_/) });
    const call = t.stripe.requests.find((r) => r.method === "POST" && r.path === "/v1/refunds" && r.idempotencyKey === idempotencyKeys.refund(refundId));
    expect(call?.body).toMatchObject({ payment_intent: "pi_refund_here", amount: "2000", metadata: { agency_refund_id: refundId, agency_org_id: a.orgId } });
    expect(t.stripe.get(output!.stripeRefundId)).toMatchObject({ object: "refund", amount: 2_000, status: "succeeded", charge: paid.chargeId });
    expect((await refundsOf(paid.id)).map((r) => [r.id, r.externalId, r.amount, r.reason])).toEqual([[refundId, output!.stripeRefundId, 2_000n, "Goodwill"]]);
    expect(await invoiceRow(paid.id)).toMatchObject({ amountRefunded: 2_000n, status: "paid" });

    // The job again (at-least-once): Stripe is not asked twice, nothing is recorded twice.
    expect(await runStripeSync(deps(), { orgId: a.orgId, actorId: a.ownerId, requestId: null }, job!.payload)).toEqual({
      outcome: "already_recorded",
      stripeRefundId: output!.stripeRefundId,
    });
    // Stripe reports the refund back.
    expect(await deliver(a, "charge.refunded", { id: paid.chargeId, object: "charge" })).toEqual(["refunds_already_recorded"]);
    expect(await refundsOf(paid.id)).toHaveLength(1);
    expect(await t.prisma.journalEntry.count({ where: { invoiceId: paid.id, kind: "refund" } })).toBe(1);
    expect(t.stripe.get(paid.chargeId)?.refunds).toMatchObject({ data: [{ id: output!.stripeRefundId }] });
    await expectLedgerBalanced(a.orgId);
  });

  it("charge.refunded arriving between Stripe's answer and our write (the job crashed there): recorded once by the event, and the retried job finds it", async () => {
    const paid = await paidInStripe(8_000, "crash_between");
    await runQueuedSyncs(a);
    await owner(a).invoices.refund({ orgId: a.orgId, invoiceId: paid.id, amount: 8_000 });
    const crashing: BillingServices = {
      ...billingServices,
      refundPayment: () => Promise.reject(new Error("connection lost after Stripe answered")),
    };
    const [job] = await queuedSyncs(a);
    await expect(runStripeSync(deps(crashing), { orgId: a.orgId, actorId: job!.actorId, requestId: null }, job!.payload)).rejects.toThrow("connection lost");
    expect(await refundsOf(paid.id)).toEqual([]);

    expect(await deliver(a, "charge.refunded", { id: paid.chargeId, object: "charge" })).toEqual(["refunds_recorded_1"]);
    const retried = (await runQueuedSyncs(a)) as { outcome: string }[];
    expect(retried).toMatchObject([{ outcome: "already_recorded" }]);
    const refunds = await refundsOf(paid.id);
    expect(refunds.map((r) => r.amount)).toEqual([8_000n]);
    expect(t.stripe.requests.filter((r) => r.path === "/v1/refunds" && r.body.payment_intent === "pi_crash_between" && !r.replayed)).toHaveLength(1);
    await expectLedgerBalanced(a.orgId);
  });

  it("Stripe refusing the refund (the charge was refunded in Stripe already) ends the job with a recorded outcome and nothing written here", async () => {
    const paid = await paidInStripe(5_000, "already_refunded");
    await runQueuedSyncs(a);
    // Refunded in Stripe's dashboard; its charge.refunded has not arrived yet.
    t.stripe.patch(paid.chargeId, { amount_refunded: 5_000, refunded: true });
    const entriesBefore = await t.prisma.journalEntry.count({ where: { orgId: a.orgId } });
    await owner(a).invoices.refund({ orgId: a.orgId, invoiceId: paid.id, amount: 1_000 });
    expect(await runQueuedSyncs(a)).toMatchObject([{ outcome: "refused_by_stripe", reason: expect.stringContaining("already been refunded") }]);
    expect(await refundsOf(paid.id)).toEqual([]);
    expect(await t.prisma.journalEntry.count({ where: { orgId: a.orgId } })).toBe(entriesBefore);
    expect(await t.prisma.auditLog.findFirst({ where: { orgId: a.orgId, action: "stripe.sync_refused", targetId: paid.paymentId } })).toMatchObject({
      metadata: { kind: "refund", stripeCode: "charge_already_refunded" },
    });
  });

  it("a bank transfer is refunded here at once, with no job; over-refunds are refused before anything is queued; another org sees nothing", async () => {
    const invoice = await owner(a).invoices.create({ orgId: a.orgId, clientId, currency: "USD", lines: [{ description: "Workshop", unitAmount: 3_000 }] });
    await owner(a).invoices.issue({ orgId: a.orgId, invoiceId: invoice.id });
    await owner(a).invoices.markPaid({ orgId: a.orgId, invoiceId: invoice.id });
    expect(await owner(a).invoices.refund({ orgId: a.orgId, invoiceId: invoice.id, amount: 1_000 })).toMatchObject({ amountRefunded: 1_000 });
    expect(await queuedSyncs(a)).toEqual([]);

    const paid = await paidInStripe(2_000, "over_refund");
    await runQueuedSyncs(a);
    await expect(owner(a).invoices.refund({ orgId: a.orgId, invoiceId: paid.id, amount: 2_001 })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(owner(b).invoices.refund({ orgId: b.orgId, invoiceId: paid.id, amount: 100 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await queuedSyncs(a)).toEqual([]);
    expect(await queuedSyncs(b)).toEqual([]);
    expect(await t.prisma.refund.count({ where: { orgId: b.orgId } })).toBe(0);
  });
});
