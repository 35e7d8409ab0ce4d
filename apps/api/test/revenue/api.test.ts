import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor } from "../helpers/callers";
import { createClient, createProject, createUser, seedOrganization } from "../helpers/fixtures";
import { startTestApi, type TestApi } from "../helpers/test-api";
import { addVersion, monthKeyFromNow, monthStartFromNow, seedRetainer } from "./seed";

let t: TestApi;
let orgA: string;
let orgB: string;
let ownerA: string;
let memberA: string;
let ownerB: string;
let clientAcme: string;
let clientGlobex: string;
let projectA: string;

const caller = (userId: string) => callerFor(t, userId, { requestId: "revenue-api-01" });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: { code: string }) => error.code,
  );

beforeAll(async () => {
  t = await startTestApi();
  ownerA = await createUser(t, "owner@revenue-a.test");
  memberA = await createUser(t, "member@revenue-a.test");
  ownerB = await createUser(t, "owner@revenue-b.test");
  orgA = await seedOrganization(t, "Revenue A", [
    { userId: ownerA, role: "owner" },
    { userId: memberA, role: "member" },
  ]);
  orgB = await seedOrganization(t, "Revenue B", [{ userId: ownerB, role: "owner" }]);
  clientAcme = await createClient(t, orgA, "Acme");
  clientGlobex = await createClient(t, orgA, "Globex");
  projectA = await createProject(t, orgA, "Website", clientAcme);

  // Acme: $1,000/month from 3 months ago; upgraded to $1,500 two months ago (recorded late: back-dated).
  const acme = await seedRetainer(t.prisma, {
    orgId: orgA,
    clientId: clientAcme,
    unitAmount: 100_000n,
    startsAt: monthStartFromNow(-3),
  });
  await addVersion(t.prisma, {
    orgId: orgA,
    retainerId: acme,
    clientId: clientAcme,
    version: 2,
    unitAmount: 150_000n,
    startsAt: monthStartFromNow(-3),
    effectiveAt: monthStartFromNow(-2, 15),
  });
  // Globex: €2,400 a year from last month (rate recorded: 1 EUR = 1.10 USD).
  await seedRetainer(t.prisma, {
    orgId: orgA,
    clientId: clientGlobex,
    currency: "EUR",
    unitAmount: 240_000n,
    interval: "year",
    startsAt: monthStartFromNow(-1, 10),
  });
  // Org B has a retainer of its own that A must never see.
  await seedRetainer(t.prisma, {
    orgId: orgB,
    clientId: await createClient(t, orgB, "B client"),
    unitAmount: 999_900n,
    startsAt: monthStartFromNow(-3),
  });
});
afterAll(() => t.close());

describe("revenue API", () => {
  it("movements: new, back-dated expansion, a EUR client missing its rate until one is recorded", async () => {
    const before = await caller(ownerA).revenue.movements({
      orgId: orgA,
      months: 4,
      to: monthKeyFromNow(0),
    });
    expect(before.rows.map((row) => row.month)).toEqual([-3, -2, -1, 0].map(monthKeyFromNow));
    expect(before.rows[0]).toMatchObject({ newMrr: 100_000, endMrr: 100_000 });
    expect(before.rows[1]).toMatchObject({ expansion: 50_000, endMrr: 150_000 });
    expect(before.rows[2]!.missingRates).toEqual(["EUR"]);

    await caller(ownerA).revenue.setRate({ orgId: orgA, currency: "EUR", day: "2000-01-01", rate: "1.10" });
    const after = await caller(ownerA).revenue.movements({
      orgId: orgA,
      months: 4,
      to: monthKeyFromNow(0),
    });
    // €200/month × 1.10 = $220.
    expect(after.rows[2]).toMatchObject({ newMrr: 22_000, endMrr: 172_000, missingRates: [] });
    expect(after.rows[2]!.ratesUsed).toEqual([{ currency: "EUR", rate: "1.1", day: "2000-01-01" }]);
    for (const row of after.rows) {
      expect(row.startMrr + row.newMrr + row.expansion + row.reactivation - row.contraction - row.churn).toBe(
        row.endMrr,
      );
    }
  });

  it("summary and per-client table agree; ARR = 12 × MRR; other tenants' retainers never count", async () => {
    const summary = await caller(ownerA).revenue.summary({ orgId: orgA });
    expect(summary).toMatchObject({
      baseCurrency: "USD",
      mrr: 172_000,
      arr: 2_064_000,
      customers: 2,
      arpa: 86_000,
      hasRetainers: true,
    });
    const clients = await caller(ownerA).revenue.clients({ orgId: orgA });
    expect(clients.rows.map((row) => [row.clientName, row.mrr, row.retainers])).toEqual([
      ["Acme", 150_000, 1],
      ["Globex", 22_000, 1],
    ]);
    const other = await caller(ownerB).revenue.summary({ orgId: orgB });
    expect(other.mrr).toBe(999_900);
  });

  it("refuses members (revenue:read is admins and owners) and non-members look like no organization", async () => {
    expect(await codeOf(caller(memberA).revenue.summary({ orgId: orgA }))).toBe("FORBIDDEN");
    expect(await codeOf(caller(ownerB).revenue.summary({ orgId: orgA }))).toBe("NOT_FOUND");
    expect(
      await codeOf(caller(memberA).revenue.setRate({ orgId: orgA, currency: "GBP", day: "2026-01-01", rate: "1.2" })),
    ).toBe("FORBIDDEN");
  });

  it("rejects bad input with 4xx: a float-looking rate, a zero rate, the base currency, a future month, too long a range", async () => {
    const owner = caller(ownerA).revenue;
    expect(await codeOf(owner.setRate({ orgId: orgA, currency: "GBP", day: "2026-01-01", rate: "1e3" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(owner.setRate({ orgId: orgA, currency: "GBP", day: "2026-01-01", rate: "0.000" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(owner.setRate({ orgId: orgA, currency: "USD", day: "2026-01-01", rate: "1" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(owner.summary({ orgId: orgA, month: monthKeyFromNow(2) }))).toBe("BAD_REQUEST");
    expect(await codeOf(owner.movements({ orgId: orgA, months: 121 }))).toBe("BAD_REQUEST");
    expect(await codeOf(owner.movements({ orgId: orgA, to: monthKeyFromNow(1) }))).toBe("BAD_REQUEST");
  });

  it("rates: list, replace a day's rate, delete idempotently, audited", async () => {
    const owner = caller(ownerA).revenue;
    await owner.setRate({ orgId: orgA, currency: "GBP", day: "2026-03-31", rate: "1.25" });
    await owner.setRate({ orgId: orgA, currency: "GBP", day: "2026-03-31", rate: "1.2650" });
    const list = await owner.listRates({ orgId: orgA, currency: "GBP" });
    expect(list.items.map((rate) => [rate.day, rate.rate])).toEqual([["2026-03-31", "1.265"]]);
    expect(await owner.deleteRate({ orgId: orgA, currency: "GBP", day: "2026-03-31" })).toEqual({ deleted: true });
    expect(await owner.deleteRate({ orgId: orgA, currency: "GBP", day: "2026-03-31" })).toEqual({ deleted: false });
    const audit = await t.prisma.auditLog.findMany({
      where: { orgId: orgA, action: { startsWith: "revenue." } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      "revenue.rate_set",
      "revenue.rate_set",
      "revenue.rate_set",
      "revenue.rate_deleted",
    ]);
    expect((await caller(ownerB).revenue.listRates({ orgId: orgB })).items).toEqual([]);
  });

  it("base currency: changing it re-values everything at the recorded rates", async () => {
    const owner = caller(ownerA).revenue;
    await owner.updateSettings({ orgId: orgA, baseCurrency: "EUR" });
    await owner.setRate({ orgId: orgA, currency: "USD", day: "2000-01-01", rate: "0.8" });
    const summary = await owner.summary({ orgId: orgA });
    // $1,500 × 0.8 = €1,200 ; €200 → 1,400 EUR
    expect(summary).toMatchObject({ baseCurrency: "EUR", mrr: 140_000 });
    expect(summary.ratesUsed).toEqual([{ currency: "USD", rate: "0.8", day: "2000-01-01" }]);
    await owner.updateSettings({ orgId: orgA, baseCurrency: "USD" });
  });

  it("project budgets: invoiced (issued, not void) vs uninvoiced (draft) vs budget, with the over-budget flag", async () => {
    await t.prisma.project.update({ where: { id: projectA }, data: { budgetMinor: 500_000n, currency: "USD" } });
    const invoice = async (status: "draft" | "open" | "void", amount: bigint, number: string | null) => {
      const created = await t.prisma.invoice.create({
        data: { orgId: orgA, clientId: clientAcme, currency: "USD", subtotal: amount, total: amount },
      });
      await t.prisma.invoiceLine.create({
        data: {
          orgId: orgA,
          invoiceId: created.id,
          position: 0,
          description: "Work",
          quantity: 1,
          unitAmount: amount,
          amount,
          projectId: projectA,
        },
      });
      if (status !== "draft") {
        await t.prisma.invoice.update({
          where: { id: created.id },
          data: { status, number, issuedAt: new Date(), voidedAt: status === "void" ? new Date() : null },
        });
      }
    };
    await invoice("open", 450_000n, "INV-1");
    await invoice("draft", 80_000n, null);
    await invoice("void", 900_000n, "INV-2");
    const first = await caller(ownerA).revenue.projectBudgets({ orgId: orgA, projectIds: [projectA] });
    expect(first.items).toEqual([
      {
        projectId: projectA,
        currency: "USD",
        budget: 500_000,
        invoiced: 450_000,
        uninvoiced: 80_000,
        remaining: 50_000,
        overBudget: false,
        otherCurrencies: [],
      },
    ]);
    await invoice("open", 100_000n, "INV-3");
    const second = await caller(ownerA).revenue.projectBudgets({ orgId: orgA, projectIds: [projectA] });
    expect(second.items[0]).toMatchObject({ invoiced: 550_000, remaining: -50_000, overBudget: true });
    // Outstanding balance on the client table: open invoices 450,000 + 100,000.
    const clients = await caller(ownerA).revenue.clients({ orgId: orgA });
    expect(clients.rows.find((row) => row.clientId === clientAcme)?.outstanding).toEqual([
      { currency: "USD", amount: 550_000 },
    ]);
    // Another organization's projects are not found (an empty list, not an error).
    expect((await caller(ownerB).revenue.projectBudgets({ orgId: orgB, projectIds: [projectA] })).items).toEqual([]);
  });
});
