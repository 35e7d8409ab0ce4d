import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountBalance,
  changeRetainer,
  createInvoice,
  createRetainer,
  issueInvoice,
  ledgerSummary,
  postJournalEntry,
  recordPayment,
  refundPayment,
  retainerHistory,
  termsAt,
  voidInvoice,
  type BillingScope,
} from "../src/billing/services";
import { createClient, createOrganizationAs, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
let owner: string;
let orgA: string;
let orgB: string;
let clientA: string;
let clientB: string;

/** Runs `fn` in one tenant transaction of org A as its owner, the way a procedure does. */
function inOrg<T>(fn: (scope: BillingScope) => Promise<T>, orgId = orgA): Promise<T> {
  return t.api.deps.db.tenant({ userId: owner, orgId }, ({ tx }) => fn({ tx, org: { id: orgId }, actor: { userId: owner }, request: null }));
}

/** Σ of every journal line per currency in an organization (must be 0: the ledger balances). */
async function ledgerNet(orgId: string) {
  const rows = await t.prisma.$queryRaw<{ currency: string; net: bigint }[]>`
    SELECT currency, sum(amount)::bigint AS net FROM journal_lines WHERE org_id = ${orgId}::uuid GROUP BY currency`;
  return Object.fromEntries(rows.map((row) => [row.currency, Number(row.net)]));
}

async function unbalancedEntries(orgId: string) {
  const rows = await t.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM (
      SELECT entry_id FROM journal_lines WHERE org_id = ${orgId}::uuid GROUP BY entry_id, currency HAVING sum(amount) <> 0) unbalanced`;
  return Number(rows[0]!.n);
}

async function issuedInvoice(total: number, currency = "USD", clientId = clientA) {
  return inOrg(async (scope) => {
    const draft = await createInvoice(scope, { clientId, currency, lines: [{ description: "Work", unitAmount: total }] });
    return issueInvoice(scope, { invoiceId: draft.id });
  });
}

beforeAll(async () => {
  // 50 postings really in flight at once need more than the default 4 connections.
  t = await startTestApi({ env: { DATABASE_POOL_MAX: "25" } });
  owner = await createUser(t, "owner@billing-ledger.test");
  orgA = await createOrganizationAs(t, owner, "Ledger A");
  orgB = await createOrganizationAs(t, owner, "Ledger B");
  clientA = await createClient(t, orgA, "Acme");
  clientB = await createClient(t, orgB, "B's client");
  // Org B has its own money, which nothing in A may touch.
  const draft = await inOrg((scope) => createInvoice(scope, { clientId: clientB, currency: "EUR", lines: [{ description: "B", unitAmount: 700 }] }), orgB);
  await inOrg((scope) => issueInvoice(scope, { invoiceId: draft.id }), orgB);
}, 60_000);
afterAll(() => t.close());

describe("the ledger", () => {
  it("stays balanced under 50 concurrent postings (payments on 5 invoices and adjustments), then duplicate deliveries apply once", async () => {
    const invoices = await Promise.all([1, 2, 3, 4, 5].map(() => issuedInvoice(10_000)));
    const before = await inOrg((scope) => accountBalance(scope, { kind: "accounts_receivable", currency: "USD", clientId: clientA }));
    // 40 payments of 1.00 (8 per invoice, serialised per invoice by its row lock) and 10
    // two-line adjustments between cash and revenue (no lock at all) — 50 concurrent transactions.
    const payments = invoices.flatMap((invoice, i) =>
      Array.from({ length: 8 }, (_, k) => ({ invoiceId: invoice.id, ref: `bank-${i}-${k}` })),
    );
    const results = await Promise.allSettled([
      ...payments.map((payment) =>
        inOrg((scope) => recordPayment(scope, { invoiceId: payment.invoiceId, amount: 100, method: "bank_transfer", externalId: payment.ref })),
      ),
      ...Array.from({ length: 10 }, (_, k) =>
        inOrg((scope) =>
          postJournalEntry(scope, {
            kind: "adjustment",
            effectiveAt: new Date(),
            memo: `adjustment ${k}`,
            lines: [
              { account: { kind: "cash", currency: "USD" }, amount: 7 },
              { account: { kind: "revenue", currency: "USD" }, amount: -7 },
            ],
          }),
        ),
      ),
    ]);
    const failures = results.filter((result) => result.status === "rejected");
    expect(failures.map((failure) => String((failure as PromiseRejectedResult).reason)).slice(0, 3)).toEqual([]);
    const applied = results.filter(
      (result) => result.status === "fulfilled" && (result.value as { replayed?: boolean }).replayed === false,
    );
    expect(applied).toHaveLength(50);
    // The same 10 bank references delivered again, twice each, at once: nothing more is applied.
    const again = await Promise.all(
      payments.slice(0, 10).flatMap((payment) =>
        [0, 1].map(() =>
          inOrg((scope) => recordPayment(scope, { invoiceId: payment.invoiceId, amount: 100, method: "bank_transfer", externalId: payment.ref })),
        ),
      ),
    );
    expect(again.every((result) => result.replayed)).toBe(true);

    expect(await ledgerNet(orgA)).toEqual({ USD: 0 });
    expect(await unbalancedEntries(orgA)).toBe(0);
    const after = await inOrg((scope) => accountBalance(scope, { kind: "accounts_receivable", currency: "USD", clientId: clientA }));
    expect(before - after).toBe(40 * 100);
    const paid = await t.prisma.invoice.findMany({ where: { id: { in: invoices.map((invoice) => invoice.id) } } });
    expect(paid.map((invoice) => Number(invoice.amountPaid))).toEqual([800, 800, 800, 800, 800]);
    expect(await t.prisma.payment.count({ where: { orgId: orgA, externalId: { startsWith: "bank-" } } })).toBe(40);
    // The other organization's ledger is untouched and balanced.
    expect(await ledgerNet(orgB)).toEqual({ EUR: 0 });
  }, 120_000);

  it("refuses an unbalanced entry at COMMIT (the database trigger), applying nothing", async () => {
    const entriesBefore = await t.prisma.journalEntry.count({ where: { orgId: orgA } });
    const cash = await t.prisma.ledgerAccount.findFirstOrThrow({ where: { orgId: orgA, kind: "cash", currency: "USD" } });
    const revenue = await t.prisma.ledgerAccount.findFirstOrThrow({ where: { orgId: orgA, kind: "revenue", currency: "USD" } });
    // Straight past the service's own check, on a plain connection as app_user in org A: only
    // the deferred constraint trigger stands between these rows and the ledger. Every statement
    // succeeds; COMMIT is refused.
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      for (const [lines, message] of [
        [[500], /has 1 line/],
        [[500, -499], /does not balance/],
      ] as const) {
        await client.query("BEGIN");
        await client.query("SET LOCAL ROLE app_user");
        await client.query("SELECT set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)", [owner, orgA]);
        const { rows } = await client.query<{ id: string }>(
          "INSERT INTO journal_entries (id, org_id, kind, effective_at) VALUES (gen_random_uuid(), $1, 'adjustment', now()) RETURNING id",
          [orgA],
        );
        for (const [index, amount] of lines.entries()) {
          await client.query(
            "INSERT INTO journal_lines (id, org_id, entry_id, account_id, currency, amount) VALUES (gen_random_uuid(), $1, $2, $3, 'USD', $4)",
            [orgA, rows[0]!.id, index === 0 ? cash.id : revenue.id, amount],
          );
        }
        await expect(client.query("COMMIT")).rejects.toThrow(message);
      }
    } finally {
      await client.end();
    }
    expect(await t.prisma.journalEntry.count({ where: { orgId: orgA } })).toBe(entriesBefore);
    // The service refuses it before writing, with a clear 400.
    await expect(
      inOrg((scope) =>
        postJournalEntry(scope, {
          kind: "adjustment",
          effectiveAt: new Date(),
          lines: [
            { account: { kind: "cash", currency: "USD" }, amount: 500 },
            { account: { kind: "revenue", currency: "USD" }, amount: -499 },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    expect(await t.prisma.journalEntry.count({ where: { orgId: orgA } })).toBe(entriesBefore);
    expect(await ledgerNet(orgA)).toEqual({ USD: 0 });
  });

  it("is append-only: journal lines and retainer versions cannot be updated or deleted, even by the owner role", async () => {
    await expect(t.prisma.$executeRaw`UPDATE journal_lines SET amount = amount * 2 WHERE org_id = ${orgA}::uuid`).rejects.toThrow(/append-only/);
    await expect(t.prisma.$executeRaw`DELETE FROM journal_entries WHERE org_id = ${orgA}::uuid`).rejects.toThrow(/append-only/);
    // app_user has no UPDATE/DELETE grant at all.
    await expect(inOrg(({ tx }) => tx.$executeRaw`UPDATE journal_lines SET amount = 1 WHERE org_id = ${orgA}::uuid`)).rejects.toThrow(
      /permission denied/,
    );
    expect(await ledgerNet(orgA)).toEqual({ USD: 0 });
  });

  it("keeps effective time apart from recording time: a back-dated adjustment changes past balances without rewriting history", async () => {
    const lastMonth = new Date(Date.now() - 30 * 86_400_000);
    const twoMonthsAgo = new Date(Date.now() - 60 * 86_400_000);
    const cashThen = await inOrg((scope) => accountBalance(scope, { kind: "cash", currency: "USD" }, lastMonth));
    const entry = await inOrg((scope) =>
      postJournalEntry(scope, {
        kind: "adjustment",
        effectiveAt: lastMonth,
        memo: "bank fee we forgot last month",
        externalRef: "correction-1",
        lines: [
          { account: { kind: "cash", currency: "USD" }, amount: -250 },
          { account: { kind: "revenue", currency: "USD" }, amount: 250 },
        ],
      }),
    );
    const row = await t.prisma.journalEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(row.effectiveAt.getTime()).toBe(lastMonth.getTime());
    expect(row.createdAt.getTime()).toBeGreaterThan(lastMonth.getTime());
    expect(await inOrg((scope) => accountBalance(scope, { kind: "cash", currency: "USD" }, lastMonth))).toBe(cashThen - 250);
    expect(await inOrg((scope) => accountBalance(scope, { kind: "cash", currency: "USD" }, twoMonthsAgo))).toBe(0);
    // Posting the same correction again is a no-op (external reference).
    await expect(
      inOrg((scope) =>
        postJournalEntry(scope, {
          kind: "adjustment",
          effectiveAt: lastMonth,
          externalRef: "correction-1",
          lines: [
            { account: { kind: "cash", currency: "USD" }, amount: -250 },
            { account: { kind: "revenue", currency: "USD" }, amount: 250 },
          ],
        }),
      ),
    ).resolves.toEqual({ id: entry.id, replayed: true });
    const summary = await inOrg((scope) => ledgerSummary(scope, {}));
    expect(summary.totals).toEqual([expect.objectContaining({ currency: "USD", net: 0 })]);
  });

  it("a back-dated retainer correction is a new version; the old terms stay readable for past dates", async () => {
    const start = new Date(Date.UTC(2026, 0, 1));
    const retainer = await inOrg((scope) =>
      createRetainer(scope, { clientId: clientA, name: "Care plan", currency: "USD", unitAmount: 100_000, startsAt: start }),
    );
    const correction = new Date(Date.UTC(2026, 2, 1));
    const { retainer: changed } = await inOrg((scope) =>
      changeRetainer(scope, { retainerId: retainer.id, expectedVersion: retainer.version, effectiveAt: correction, unitAmount: 120_000, reason: "price agreed in March" }),
    );
    expect(changed.terms.unitAmount).toBe(120_000);
    const before = await inOrg((scope) => termsAt(scope.tx, orgA, retainer.id, new Date(Date.UTC(2026, 1, 15))));
    const afterCorrection = await inOrg((scope) => termsAt(scope.tx, orgA, retainer.id, new Date(Date.UTC(2026, 2, 15))));
    expect(Number(before!.unitAmount)).toBe(100_000);
    expect(Number(afterCorrection!.unitAmount)).toBe(120_000);
    expect(afterCorrection!.recordedAt.getTime()).toBeGreaterThan(correction.getTime());
    const history = await inOrg((scope) => retainerHistory(scope, retainer.id));
    expect(history.map((version) => [version.version, version.unitAmount])).toEqual([
      [2, 120_000],
      [1, 100_000],
    ]);
    // A stale version is refused, nothing written.
    await expect(
      inOrg((scope) => changeRetainer(scope, { retainerId: retainer.id, expectedVersion: retainer.version, quantity: 2 })),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.prisma.retainerVersion.count({ where: { retainerId: retainer.id } })).toBe(2);
  });
});

describe("bad input leaves nothing applied and the ledger balanced", () => {
  it("refuses over-refunds, paying void invoices, currency mismatches and unknown currencies", async () => {
    const invoice = await issuedInvoice(5_000);
    await inOrg((scope) => recordPayment(scope, { invoiceId: invoice.id, method: "bank_transfer" }));
    const entries = await t.prisma.journalEntry.count({ where: { orgId: orgA } });
    await expect(inOrg((scope) => refundPayment(scope, { invoiceId: invoice.id, amount: 5_001 }))).rejects.toMatchObject({
      code: "UNPROCESSABLE",
    });
    await inOrg((scope) => refundPayment(scope, { invoiceId: invoice.id, amount: 3_000 }));
    await expect(inOrg((scope) => refundPayment(scope, { invoiceId: invoice.id, amount: 2_001 }))).rejects.toMatchObject({
      code: "UNPROCESSABLE",
    });
    expect(await t.prisma.journalEntry.count({ where: { orgId: orgA } })).toBe(entries + 1);

    const toVoid = await issuedInvoice(1_000);
    await inOrg((scope) => voidInvoice(scope, { invoiceId: toVoid.id }));
    await expect(inOrg((scope) => recordPayment(scope, { invoiceId: toVoid.id, method: "bank_transfer" }))).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringMatching(/void/),
    });

    const jpy = await inOrg((scope) => createRetainer(scope, { clientId: clientA, name: "JPY", currency: "JPY", unitAmount: 50_000 }));
    await expect(
      inOrg((scope) => createInvoice(scope, { clientId: clientA, currency: "USD", retainerId: jpy.id, lines: [{ description: "x", unitAmount: 1 }] })),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/Currency mismatch/) });
    await expect(
      inOrg((scope) => createInvoice(scope, { clientId: clientA, currency: "XYZ", lines: [{ description: "x", unitAmount: 1 }] })),
    ).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(
      inOrg((scope) => createInvoice(scope, { clientId: clientA, currency: "USD", lines: [{ description: "x", unitAmount: 1.5 }] })),
    ).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(
      inOrg((scope) => createInvoice(scope, { clientId: clientA, currency: "USD", lines: [{ description: "x", unitAmount: -100 }] })),
    ).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(
      inOrg((scope) => recordPayment(scope, { invoiceId: invoice.id, currency: "EUR", amount: 1, method: "other" })),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: expect.stringMatching(/Currency mismatch/) });
    expect(await ledgerNet(orgA)).toEqual({ USD: 0 });
    expect(await unbalancedEntries(orgA)).toBe(0);
  });
});
