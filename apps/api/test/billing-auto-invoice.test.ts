import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUE_RETAINER_PAGE, invoiceDueRetainers } from "../src/billing/scheduled-invoices";
import * as billing from "../src/billing/services";
import { productionQueues } from "../src/jobs/handlers";
import { QUEUES, SCHEDULES } from "../src/jobs/queues";
import { createLogger } from "../src/observability/logger";
import { callerFor } from "./helpers/callers";
import { createClient, createOrganizationAs, createUser } from "./helpers/fixtures";
import { jobsOf, startRunner } from "./helpers/jobs";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * The hourly billing.retainer-invoices job: every live retainer Stripe does not bill gets its
 * current period's invoice once — in two organizations, each through its own tenant transaction
 * as its "Billing automation" service user (audited as that user) — and nothing else does: paused,
 * canceled, in trial, not started, Stripe-billed, already invoiced. A second run issues nothing; a
 * failing retainer or organization stops no other.
 */
let t: TestApi;
const log = createLogger({ level: "silent" });
const DAY = 86_400_000;
const org = { a: { id: "", owner: "", client: "" }, b: { id: "", owner: "", client: "" } };

beforeAll(async () => {
  t = await startTestApi();
  for (const [key, name] of [["a", "Acme"], ["b", "Bolt"]] as const) {
    const owner = await createUser(t, `owner@${name.toLowerCase()}.auto.test`);
    const id = await createOrganizationAs(t, owner, name);
    org[key] = { id, owner, client: await createClient(t, id, `Client of ${name}`) };
  }
});
afterAll(() => t.close());

type Org = (typeof org)["a"];
const deps = () => ({ db: t.api.deps.db, log });

/** As the org's owner, through the billing services (what the retainers procedures do). */
function asOwner<T>(o: Org, fn: (scope: billing.BillingScope) => Promise<T>) {
  return t.api.deps.db.tenant({ userId: o.owner, orgId: o.id }, ({ tx }) => fn({ tx, org: { id: o.id }, actor: { userId: o.owner }, request: null }));
}
const retainer = (o: Org, name: string, extra: Partial<billing.CreateRetainerInput> = {}) =>
  asOwner(o, (scope) =>
    billing.createRetainer(scope, { clientId: o.client, name, currency: "USD", unitAmount: 100_000, startsAt: new Date(Date.now() - 10 * DAY), ...extra }),
  );
const invoicesOf = (retainerId: string) => t.prisma.invoice.findMany({ where: { retainerId }, orderBy: { createdAt: "asc" } });
const serviceUserOf = (orgId: string) =>
  t.prisma.user.findFirstOrThrow({ where: { kind: "service", email: `billing-${orgId}@automation.invalid` }, include: { memberships: true } });

async function expectLedgerBalanced(orgId: string) {
  const sums = await t.prisma.$queryRaw<{ currency: string; total: bigint }[]>`
    SELECT currency, sum(amount)::bigint AS total FROM journal_lines WHERE org_id = ${orgId}::uuid GROUP BY currency`;
  for (const row of sums) expect(row.total, `ledger of ${row.currency}`).toBe(0n);
}

describe("billing.retainer-invoices", () => {
  it("issues the current period's invoice of each live, non-Stripe retainer in every organization, as its service user; a second run issues nothing", async () => {
    const live = await retainer(org.a, "Live monthly");
    const pastDue = await retainer(org.a, "Past due", { unitAmount: 30_000 });
    await asOwner(org.a, (scope) => billing.applyRetainerStatus(scope, { retainerId: pastDue.id, status: "past_due", effectiveAt: new Date() }));
    const paused = await retainer(org.a, "Paused");
    await asOwner(org.a, (scope) => billing.pauseRetainer(scope, { retainerId: paused.id }));
    const canceled = await retainer(org.a, "Canceled");
    await asOwner(org.a, (scope) => billing.cancelRetainer(scope, { retainerId: canceled.id, atPeriodEnd: false }));
    const trial = await retainer(org.a, "In trial", { trialEndsAt: new Date(Date.now() + 5 * DAY) });
    const trialing = await retainer(org.a, "Trialing in Stripe's words");
    await asOwner(org.a, (scope) => billing.applyRetainerStatus(scope, { retainerId: trialing.id, status: "trialing", effectiveAt: new Date() }));
    const future = await retainer(org.a, "Starts next week", { startsAt: new Date(Date.now() + 7 * DAY) });
    const byStripe = await retainer(org.a, "Billed by Stripe", { stripeSubscriptionId: "sub_auto_invoice_test" });
    const manual = await retainer(org.a, "Invoiced by the button");
    const byButton = await callerFor(t, org.a.owner).invoices.generateForRetainer({ orgId: org.a.id, retainerId: manual.id });
    const inB = await retainer(org.b, "Bolt's retainer", { unitAmount: 55_000, interval: "quarter" });

    const now = new Date();
    const first = await invoiceDueRetainers(deps(), { now, requestId: "auto-invoice-test" });
    expect(first).toEqual({ due: 3, issued: 3, skipped: 0, failed: 0 });
    for (const quiet of [paused, canceled, trial, trialing, future, byStripe]) expect(await invoicesOf(quiet.id), quiet.name).toEqual([]);
    expect((await invoicesOf(manual.id)).map((i) => i.id)).toEqual([byButton.id]);

    const [invoice] = await invoicesOf(live.id);
    const period = billing.periodContaining(new Date(live.terms.startsAt), "month", now)!;
    expect(invoice).toMatchObject({ status: "open", total: 100_000n, periodStart: period.start, periodEnd: period.end, number: expect.stringMatching(/^INV-/) });
    expect(await invoicesOf(pastDue.id)).toMatchObject([{ status: "open", total: 30_000n }]);
    expect(await invoicesOf(inB.id)).toMatchObject([{ status: "open", total: 55_000n, orgId: org.b.id }]);

    // Each organization's own service user acted, audited as such: never a person, never the other org's.
    const [botA, botB] = [await serviceUserOf(org.a.id), await serviceUserOf(org.b.id)];
    expect(botA).toMatchObject({ name: "Billing automation", passwordHash: null });
    expect(botA.memberships.map((m) => [m.orgId, m.role])).toEqual([[org.a.id, "member"]]);
    expect(botB.memberships.map((m) => m.orgId)).toEqual([org.b.id]);
    const issued = await t.prisma.auditLog.findMany({ where: { action: "invoice.issued", targetId: invoice!.id } });
    expect(issued).toMatchObject([{ orgId: org.a.id, actorUserId: botA.id, requestId: "auto-invoice-test", userAgent: "agency-worker (billing.retainer-invoices)" }]);
    const issuedB = await t.prisma.auditLog.findFirstOrThrow({ where: { action: "invoice.issued", orgId: org.b.id } });
    expect(issuedB.actorUserId).toBe(botB.id);
    // Only the maintenance role reaches the function: a member cannot mint a member of another org.
    await expect(
      t.api.deps.db.tenant({ userId: org.a.owner, orgId: org.a.id }, ({ tx }) => tx.$queryRaw`SELECT app_billing_service_user(${org.b.id}::uuid)`),
    ).rejects.toThrow(/permission denied/);
    // It stays out of the member list.
    const members = await callerFor(t, org.a.owner).members.list({ orgId: org.a.id });
    expect(members.map((m) => m.userId)).toEqual([org.a.owner]);

    const again = await invoiceDueRetainers(deps(), { now: new Date() });
    expect(again).toEqual({ due: 0, issued: 0, skipped: 0, failed: 0 });
    expect(await t.prisma.invoice.count({ where: { retainerId: { in: [live.id, pastDue.id, inB.id] } } })).toBe(3);
    await expectLedgerBalanced(org.a.id);
    await expectLedgerBalanced(org.b.id);
  });

  it("a retainer the billing rules refuse is skipped, one that fails outright is logged: neither stops the others, and the next run tries again", async () => {
    const free = await retainer(org.a, "Fully discounted", { discount: { kind: "percent", percentBp: 10_000, duration: "forever" } });
    const broken = await retainer(org.a, "Fails this hour");
    const fine = await retainer(org.b, "Bolt, unaffected");
    const failing: typeof billing.invoiceRetainerPeriod = (scope, input) =>
      input.retainerId === broken.id ? Promise.reject(new Error("connection reset")) : billing.invoiceRetainerPeriod(scope, input);

    const run = await invoiceDueRetainers({ ...deps(), invoicePeriod: failing });
    expect(run).toEqual({ due: 3, issued: 1, skipped: 1, failed: 1 });
    expect(await invoicesOf(fine.id)).toHaveLength(1);
    // Nothing half-made: the refused and the failed retainer's transactions rolled back whole.
    expect(await invoicesOf(free.id)).toEqual([]);
    expect(await invoicesOf(broken.id)).toEqual([]);

    expect(await invoiceDueRetainers(deps())).toEqual({ due: 2, issued: 1, skipped: 1, failed: 0 });
    expect(await invoicesOf(broken.id)).toMatchObject([{ status: "open" }]);
    await expectLedgerBalanced(org.a.id);
  });

  it("runs on the worker as a singleton hourly schedule; two runs at once issue each period once", async () => {
    expect(SCHEDULES).toContainEqual({ queue: "billing.retainer-invoices", cron: "27 * * * *" });
    expect(QUEUES["billing.retainer-invoices"].options.policy).toBe("singleton");
    expect(DUE_RETAINER_PAGE).toBeGreaterThan(0);
    const fresh = [await retainer(org.a, "Concurrent A"), await retainer(org.b, "Concurrent B")];
    // Two runs racing (a schedule filed twice, a redrive): the retainer row lock and the period index decide.
    const runs = await Promise.all([invoiceDueRetainers(deps()), invoiceDueRetainers(deps())]);
    expect(runs.reduce((sum, r) => sum + r.issued, 0)).toBe(2);
    expect(runs.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    for (const r of fresh) expect(await invoicesOf(r.id)).toHaveLength(1);

    const later = await retainer(org.b, "Picked up by the worker");
    const queue = productionQueues({ db: t.api.deps.db, retentionDays: 30 }).filter((q) => q.definition.name === "billing.retainer-invoices");
    const worker = await startRunner(t.databaseUrl, queue.map((q) => ({ ...q, definition: { ...q.definition, pollingIntervalSeconds: 0.5 } })));
    try {
      await worker.boss.send("billing.retainer-invoices", {});
      await expect.poll(async () => (await jobsOf(t.prisma, "billing.retainer-invoices"))[0]?.state, { timeout: 15_000 }).toBe("completed");
    } finally {
      await worker.stop(5_000);
    }
    expect(await invoicesOf(later.id)).toMatchObject([{ status: "open" }]);
  });
});
