import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { addMembers, createClient, createOrganizationAs, createProject, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
let owner: string;
let admin: string;
let viewer: string;
let ownerB: string;
let orgA: string;
let orgB: string;
let client: string;
const as = (userId: string) => callerOf(t, userId, { requestId: "billing-api-01" });

async function ledgerNet(orgId: string) {
  const rows = await t.prisma.$queryRaw<{ currency: string; net: bigint }[]>`
    SELECT currency, sum(amount)::bigint AS net FROM journal_lines WHERE org_id = ${orgId}::uuid GROUP BY currency ORDER BY currency`;
  return Object.fromEntries(rows.map((row) => [row.currency, Number(row.net)]));
}

beforeAll(async () => {
  t = await startTestApi();
  owner = await createUser(t, "owner@billing-api.test");
  admin = await createUser(t, "admin@billing-api.test");
  viewer = await createUser(t, "viewer@billing-api.test");
  ownerB = await createUser(t, "owner@billing-api-b.test");
  orgA = await createOrganizationAs(t, owner, "Billing A");
  orgB = await createOrganizationAs(t, ownerB, "Billing B");
  await addMembers(t, orgA, [
    { userId: admin, role: "admin" },
    { userId: viewer, role: "viewer" },
  ]);
  client = await createClient(t, orgA, "Acme");
});
afterAll(() => t.close());

describe("billing procedures", () => {
  it("retainer → period invoice → bank transfer: the balance goes to zero, every step audited and posted", async () => {
    const retainer = await as(owner).retainers.create({ orgId: orgA, clientId: client, name: "Care", currency: "USD", unitAmount: "250000", quantity: 2 });
    expect(retainer).toMatchObject({ currency: "USD", grossPerInterval: 500_000, nextChargeAmount: 500_000, terms: { status: "active", unitAmount: 250_000 } });
    const invoice = await as(owner).invoices.generateForRetainer({ orgId: orgA, retainerId: retainer.id });
    expect(invoice).toMatchObject({ status: "open", number: "INV-000001", total: 500_000, amountDue: 500_000 });
    // Idempotent per period.
    expect((await as(owner).invoices.generateForRetainer({ orgId: orgA, retainerId: retainer.id })).id).toBe(invoice.id);
    expect((await as(admin).billing.clientBalance({ orgId: orgA, clientId: client })).balances).toEqual([{ currency: "USD", owed: 500_000, openInvoices: 1 }]);
    const paid = await as(owner).invoices.markPaid({ orgId: orgA, invoiceId: invoice.id, reference: "WIRE-1" });
    expect(paid).toMatchObject({ status: "paid", amountPaid: 500_000, amountDue: 0 });
    // The same bank reference again: nothing more is recorded (the invoice is already paid, and it is the same payment).
    await expect(as(owner).invoices.markPaid({ orgId: orgA, invoiceId: invoice.id, reference: "WIRE-1" })).resolves.toMatchObject({ amountPaid: 500_000 });
    expect((await as(owner).billing.clientBalance({ orgId: orgA, clientId: client })).balances).toEqual([{ currency: "USD", owed: 0, openInvoices: 0 }]);
    const detail = await as(owner).invoices.get({ orgId: orgA, invoiceId: invoice.id });
    expect(detail.journal.map((entry) => entry.kind).sort()).toEqual(["invoice_issued", "payment"]);
    const actions = await t.prisma.auditLog.findMany({ where: { orgId: orgA, targetId: { in: [invoice.id, retainer.id] } }, select: { action: true } });
    expect(actions.map((row) => row.action).sort()).toEqual(["invoice.created", "invoice.issued", "payment.recorded", "retainer.created"]);
    const ledger = await as(admin).billing.ledger({ orgId: orgA });
    expect(ledger.totals).toEqual([{ currency: "USD", debits: 1_000_000, net: 0 }]);
  });

  it("answers bad money input with a clear 4xx and applies nothing", async () => {
    const bad = [
      { unitAmount: -1, message: /negative/ },
      { unitAmount: 19.99, message: /whole number of minor units/ },
      { unitAmount: 2 ** 53, message: /whole number|within/ },
      { unitAmount: "9007199254740992", message: /within ±9007199254740991/ },
      { unitAmount: "19.99", message: /whole minor units/ },
    ];
    for (const { unitAmount, message } of bad) {
      await expect(
        as(owner).retainers.create({ orgId: orgA, clientId: client, name: "Bad", currency: "USD", unitAmount: unitAmount as number }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
    }
    await expect(as(owner).retainers.create({ orgId: orgA, clientId: client, name: "Bad", currency: "ABC", unitAmount: 1 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/Unknown currency/),
    });
    const yen = await as(owner).retainers.create({ orgId: orgA, clientId: client, name: "Yen", currency: "JPY", unitAmount: 50_000 });
    await expect(
      as(owner).invoices.create({ orgId: orgA, clientId: client, currency: "USD", retainerId: yen.id, lines: [{ description: "x", unitAmount: 1 }] }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT", message: expect.stringMatching(/Currency mismatch/) });
    // A project of another client cannot be billed to this one.
    const otherProject = await createProject(t, orgA, "Other's project");
    await expect(
      as(owner).invoices.create({ orgId: orgA, clientId: client, currency: "USD", lines: [{ description: "x", unitAmount: 1, projectId: otherProject }] }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });

    const draft = await as(owner).invoices.create({ orgId: orgA, clientId: client, currency: "KWD", lines: [{ description: "Audit", unitAmount: 1_250, quantity: 2 }], tax: 125 });
    expect(draft).toMatchObject({ subtotal: 2_500, tax: 125, total: 2_625, status: "draft", number: null });
    await expect(as(owner).invoices.markPaid({ orgId: orgA, invoiceId: draft.id })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const open = await as(owner).invoices.issue({ orgId: orgA, invoiceId: draft.id });
    await expect(as(owner).invoices.markPaid({ orgId: orgA, invoiceId: open.id, amount: 2_626 })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await as(owner).invoices.markPaid({ orgId: orgA, invoiceId: open.id, amount: 1_000 });
    await expect(as(owner).invoices.void({ orgId: orgA, invoiceId: open.id })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(as(owner).invoices.refund({ orgId: orgA, invoiceId: open.id, amount: 1_001 })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    const refunded = await as(owner).invoices.refund({ orgId: orgA, invoiceId: open.id, amount: 400 });
    expect(refunded).toMatchObject({ amountPaid: 1_000, amountRefunded: 400, status: "open" });

    const toVoid = await as(owner).invoices.create({ orgId: orgA, clientId: client, currency: "USD", lines: [{ description: "Oops", unitAmount: 999 }] });
    await as(owner).invoices.issue({ orgId: orgA, invoiceId: toVoid.id });
    await as(owner).invoices.void({ orgId: orgA, invoiceId: toVoid.id });
    await expect(as(owner).invoices.markPaid({ orgId: orgA, invoiceId: toVoid.id })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: expect.stringMatching(/void/),
    });
    // A draft is voided without an issue date and posts nothing (the REST fuzz found this a 500).
    const voidedDraft = await as(owner).invoices.create({ orgId: orgA, clientId: client, currency: "USD", lines: [{ description: "Never sent", unitAmount: 500 }] });
    expect(await as(owner).invoices.void({ orgId: orgA, invoiceId: voidedDraft.id, reason: "duplicate" })).toMatchObject({ status: "void", issuedAt: null });
    expect(await ledgerNet(orgA)).toEqual({ KWD: 0, USD: 0 });
  });

  it("admins read billing but cannot change money; viewers see none; another organization sees nothing", async () => {
    await expect(as(admin).invoices.list({ orgId: orgA })).resolves.toMatchObject({ items: expect.any(Array) });
    await expect(as(admin).invoices.create({ orgId: orgA, clientId: client, currency: "USD", lines: [{ description: "x", unitAmount: 1 }] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(viewer).invoices.list({ orgId: orgA })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(viewer).billing.balances({ orgId: orgA })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { items } = await as(owner).invoices.list({ orgId: orgA, status: ["paid"] });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((invoice) => invoice.status === "paid")).toBe(true);
    await expect(as(ownerB).invoices.get({ orgId: orgB, invoiceId: items[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as(ownerB).invoices.list({ orgId: orgB })).resolves.toEqual({ items: [], nextCursor: null });
  });

  it("changing a retainer answers the proration; a stale version is a conflict", async () => {
    const retainer = await as(owner).retainers.create({ orgId: orgA, clientId: client, name: "Seats", currency: "USD", unitAmount: 30_000, quantity: 3 });
    const preview = await as(owner).retainers.previewChange({ orgId: orgA, retainerId: retainer.id, expectedVersion: retainer.version, quantity: 5 });
    const { retainer: changed, proration } = await as(owner).retainers.change({ orgId: orgA, retainerId: retainer.id, expectedVersion: retainer.version, quantity: 5 });
    expect(changed.terms.quantity).toBe(5);
    expect(proration.oldAmount).toBe(90_000);
    expect(proration.newAmount).toBe(150_000);
    expect(proration.credit + proration.charge).toBe(proration.net);
    expect(Math.abs(proration.net - preview.net)).toBeLessThanOrEqual(1);
    await expect(as(owner).retainers.change({ orgId: orgA, retainerId: retainer.id, expectedVersion: retainer.version, quantity: 6 })).rejects.toMatchObject({ code: "CONFLICT" });
    const canceled = await as(owner).retainers.cancel({ orgId: orgA, retainerId: retainer.id, expectedVersion: changed.version });
    expect(canceled.cancelAtPeriodEnd).toBe(true);
    expect(canceled.terms.endsAt).toBe(canceled.currentPeriod!.end);
    expect((await as(owner).retainers.history({ orgId: orgA, retainerId: retainer.id })).items.map((v) => v.version)).toEqual([3, 2, 1]);
  });
});
