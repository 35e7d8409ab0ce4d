import type { Prisma } from "@agency/db";
import { isCurrencyCode, sumMinor, type ClientBalanceDto, type JournalEntryDto, type LedgerAccountKind, type LedgerSummaryDto } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { iso, n, type BillingScope } from "./scope";

/**
 * The double-entry ledger. Every money change posts ONE journal entry through
 * `postJournalEntry`, in the transaction of the change: lines signed (debit +, credit −) that sum
 * to zero per currency. The check here gives a clear error; the database checks it again at
 * COMMIT (constraint trigger `journal_entries_balanced`), so no code path can commit an
 * unbalanced entry. Entries are immutable; balances are always derived (sums of lines), so
 * concurrent postings never race on a stored balance.
 */

export interface AccountRef {
  kind: LedgerAccountKind;
  currency: string;
  /** Required for accounts_receivable (one per client and currency); absent otherwise. */
  clientId?: string | null;
}

export type JournalEntryKind = "invoice_issued" | "invoice_voided" | "payment" | "refund" | "write_off" | "stripe_fee" | "adjustment";

export interface PostJournalEntryInput {
  kind: JournalEntryKind;
  effectiveAt: Date;
  memo?: string;
  clientId?: string | null;
  invoiceId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  reversesId?: string | null;
  /** Unique per organization: posting the same reference again returns the existing entry. */
  externalRef?: string | null;
  lines: { account: AccountRef; amount: number }[];
}

/** The account's id, creating it on first use (concurrency-safe: ON CONFLICT on its unique index). */
export async function ensureAccount(scope: BillingScope, ref: AccountRef): Promise<string> {
  const receivable = ref.kind === "accounts_receivable";
  if (receivable !== Boolean(ref.clientId)) {
    throw new AppError("VALIDATION_ERROR", "Only accounts receivable belong to a client (and they always do).");
  }
  if (!isCurrencyCode(ref.currency)) throw new AppError("VALIDATION_ERROR", `Unknown currency ${ref.currency}.`);
  const orgId = scope.org.id;
  const find = () =>
    scope.tx.ledgerAccount.findFirst({
      where: { orgId, kind: ref.kind, currency: ref.currency, clientId: receivable ? ref.clientId! : null },
      select: { id: true },
    });
  const existing = await find();
  if (existing) return existing.id;
  if (receivable) {
    await scope.tx.$executeRaw`
      INSERT INTO ledger_accounts (id, org_id, kind, client_id, currency)
      VALUES (gen_random_uuid(), ${orgId}::uuid, 'accounts_receivable', ${ref.clientId}::uuid, ${ref.currency})
      ON CONFLICT (org_id, client_id, currency) WHERE kind = 'accounts_receivable' DO NOTHING`;
  } else {
    await scope.tx.$executeRaw`
      INSERT INTO ledger_accounts (id, org_id, kind, currency)
      VALUES (gen_random_uuid(), ${orgId}::uuid, ${ref.kind}::ledger_account_kind, ${ref.currency})
      ON CONFLICT (org_id, kind, currency) WHERE kind <> 'accounts_receivable' DO NOTHING`;
  }
  const created = await find();
  if (!created) throw new Error("ledger account vanished after insert");
  return created.id;
}

/** Posts one balanced journal entry (see the module comment). */
export async function postJournalEntry(scope: BillingScope, input: PostJournalEntryInput): Promise<{ id: string; replayed: boolean }> {
  const lines = input.lines.filter((line) => line.amount !== 0);
  if (lines.length < 2) throw new AppError("VALIDATION_ERROR", "A journal entry needs at least two non-zero lines.");
  const byCurrency = new Map<string, number[]>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amount)) throw new AppError("VALIDATION_ERROR", "Journal amounts are whole minor units within ±(2^53 − 1).");
    byCurrency.set(line.account.currency, [...(byCurrency.get(line.account.currency) ?? []), line.amount]);
  }
  for (const [currency, amounts] of byCurrency) {
    if (!isCurrencyCode(currency)) throw new AppError("VALIDATION_ERROR", `Unknown currency ${currency}.`);
    const sum = sumMinor(amounts, currency);
    if (sum !== 0) throw new AppError("VALIDATION_ERROR", `The entry does not balance: its ${currency} lines sum to ${sum}.`);
  }
  const orgId = scope.org.id;
  if (input.externalRef) {
    const existing = await scope.tx.journalEntry.findFirst({ where: { orgId, externalRef: input.externalRef }, select: { id: true } });
    if (existing) return { id: existing.id, replayed: true };
  }
  const accountIds: string[] = [];
  for (const line of lines) accountIds.push(await ensureAccount(scope, line.account));
  const inserted = await scope.tx.journalEntry.createManyAndReturn({
    data: [
      {
        orgId,
        kind: input.kind,
        effectiveAt: input.effectiveAt,
        // By code points, like the column's CHECK (length(memo) <= 500): a UTF-16 slice could
        // split an emoji into a lone surrogate, which PostgreSQL refuses (a 500, not a 4xx).
        memo: Array.from(input.memo ?? "").slice(0, 500).join(""),
        clientId: input.clientId ?? null,
        invoiceId: input.invoiceId ?? null,
        paymentId: input.paymentId ?? null,
        refundId: input.refundId ?? null,
        reversesId: input.reversesId ?? null,
        externalRef: input.externalRef ?? null,
        createdBy: scope.actor.userId,
      },
    ],
    // A concurrent posting of the same external reference: ours is skipped, theirs is the entry.
    skipDuplicates: true,
    select: { id: true },
  });
  const entry = inserted[0];
  if (!entry) {
    const existing = await scope.tx.journalEntry.findFirstOrThrow({ where: { orgId, externalRef: input.externalRef! }, select: { id: true } });
    return { id: existing.id, replayed: true };
  }
  await scope.tx.journalLine.createMany({
    data: lines.map((line, index) => ({
      orgId,
      entryId: entry.id,
      accountId: accountIds[index]!,
      currency: line.account.currency,
      amount: BigInt(line.amount),
    })),
  });
  // Run the database's balance check now, as a statement, then defer it again: a failure is an
  // ordinary statement error that rolls the transaction back cleanly. (A failure at COMMIT
  // itself leaves Prisma's pg adapter holding its pooled connection.) The check still runs at
  // COMMIT for anything written around this function.
  await scope.tx.$executeRaw`SET CONSTRAINTS journal_entries_balanced, journal_lines_balanced IMMEDIATE`;
  await scope.tx.$executeRaw`SET CONSTRAINTS journal_entries_balanced, journal_lines_balanced DEFERRED`;
  return { id: entry.id, replayed: false };
}

/** An account's balance (Σ lines, by effective time ≤ asOf); 0 for an account never used. */
export async function accountBalance(scope: BillingScope, ref: AccountRef, asOf: Date = new Date()): Promise<number> {
  const rows = await scope.tx.$queryRaw<{ balance: bigint | null }[]>`
    SELECT sum(l.amount)::bigint AS balance
      FROM journal_lines l
      JOIN ledger_accounts a ON a.id = l.account_id
      JOIN journal_entries e ON e.id = l.entry_id
     WHERE a.org_id = ${scope.org.id}::uuid AND a.kind = ${ref.kind}::ledger_account_kind AND a.currency = ${ref.currency}
       AND a.client_id IS NOT DISTINCT FROM ${ref.clientId ?? null}::uuid
       AND e.effective_at <= ${asOf}`;
  return n(rows[0]?.balance ?? 0n);
}

/** What a client owes, per currency: the receivable balance, and how many invoices are open. */
export async function clientBalance(scope: BillingScope, clientId: string): Promise<ClientBalanceDto> {
  const client = await scope.tx.client.findFirst({ where: { id: clientId, orgId: scope.org.id }, select: { id: true } });
  if (!client) throw new AppError("NOT_FOUND", "Client not found.");
  const owed = await scope.tx.$queryRaw<{ currency: string; owed: bigint }[]>`
    SELECT a.currency, coalesce(sum(l.amount), 0)::bigint AS owed
      FROM ledger_accounts a
      LEFT JOIN journal_lines l ON l.account_id = a.id AND l.org_id = a.org_id
     WHERE a.org_id = ${scope.org.id}::uuid AND a.kind = 'accounts_receivable' AND a.client_id = ${clientId}::uuid
     GROUP BY a.currency ORDER BY a.currency`;
  const open = await scope.tx.invoice.groupBy({
    by: ["currency"],
    where: { orgId: scope.org.id, clientId, status: "open" },
    _count: { _all: true },
  });
  const openBy = new Map(open.map((row) => [row.currency, row._count._all]));
  const currencies = new Set([...owed.map((row) => row.currency), ...openBy.keys()]);
  return {
    clientId,
    balances: [...currencies].sort().map((currency) => ({
      currency,
      owed: n(owed.find((row) => row.currency === currency)?.owed ?? 0n),
      openInvoices: openBy.get(currency) ?? 0,
    })),
  };
}

/** Every client with a non-zero receivable balance, per currency (the overview's "owed" list). */
export async function balancesOwed(scope: BillingScope) {
  const rows = await scope.tx.$queryRaw<{ client_id: string; name: string; currency: string; owed: bigint }[]>`
    SELECT a.client_id, c.name, a.currency, sum(l.amount)::bigint AS owed
      FROM ledger_accounts a
      JOIN clients c ON c.id = a.client_id AND c.org_id = a.org_id
      JOIN journal_lines l ON l.account_id = a.id AND l.org_id = a.org_id
     WHERE a.org_id = ${scope.org.id}::uuid AND a.kind = 'accounts_receivable'
     GROUP BY a.client_id, c.name, a.currency
    HAVING sum(l.amount) <> 0
     ORDER BY sum(l.amount) DESC, c.name
     LIMIT 200`;
  return {
    items: rows.map((row) => ({ client: { id: row.client_id, name: row.name }, currency: row.currency, owed: n(row.owed) })),
  };
}

const ENTRY_SELECT = {
  id: true,
  kind: true,
  effectiveAt: true,
  createdAt: true,
  memo: true,
  invoiceId: true,
  paymentId: true,
  lines: { select: { accountId: true, currency: true, amount: true, account: { select: { kind: true, clientId: true } } } },
} as const satisfies Prisma.JournalEntrySelect;

type EntryRow = Prisma.JournalEntryGetPayload<{ select: typeof ENTRY_SELECT }>;

export function toJournalEntryDto(row: EntryRow): JournalEntryDto {
  return {
    id: row.id,
    kind: row.kind,
    effectiveAt: iso(row.effectiveAt),
    createdAt: iso(row.createdAt),
    memo: row.memo,
    invoiceId: row.invoiceId,
    paymentId: row.paymentId,
    lines: row.lines
      .map((line) => ({
        accountId: line.accountId,
        accountKind: line.account.kind,
        clientId: line.account.clientId,
        currency: line.currency,
        amount: n(line.amount),
      }))
      .sort((a, b) => b.amount - a.amount),
  };
}

export async function journalEntriesFor(scope: BillingScope, where: { invoiceId?: string }, take = 50): Promise<JournalEntryDto[]> {
  const rows = await scope.tx.journalEntry.findMany({
    where: { orgId: scope.org.id, ...where },
    orderBy: [{ effectiveAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    take,
    select: ENTRY_SELECT,
  });
  return rows.map(toJournalEntryDto);
}

/** Every account's balance as of an instant, the per-currency totals (Σ = 0: balanced) and recent entries. */
export async function ledgerSummary(scope: BillingScope, input: { asOf?: Date }): Promise<LedgerSummaryDto> {
  const asOf = input.asOf ?? new Date();
  const accounts = await scope.tx.$queryRaw<
    { id: string; kind: LedgerAccountKind; client_id: string | null; client_name: string | null; currency: string; balance: bigint; debits: bigint }[]
  >`
    SELECT a.id, a.kind, a.client_id, c.name AS client_name, a.currency,
           coalesce(sum(l.amount) FILTER (WHERE e.effective_at <= ${asOf}), 0)::bigint AS balance,
           coalesce(sum(l.amount) FILTER (WHERE e.effective_at <= ${asOf} AND l.amount > 0), 0)::bigint AS debits
      FROM ledger_accounts a
      LEFT JOIN clients c ON c.id = a.client_id AND c.org_id = a.org_id
      LEFT JOIN journal_lines l ON l.account_id = a.id AND l.org_id = a.org_id
      LEFT JOIN journal_entries e ON e.id = l.entry_id AND e.org_id = l.org_id
     WHERE a.org_id = ${scope.org.id}::uuid
     GROUP BY a.id, a.kind, a.client_id, c.name, a.currency
     ORDER BY a.currency, a.kind, c.name NULLS FIRST`;
  const totals = new Map<string, { debits: number[]; net: number[] }>();
  for (const account of accounts) {
    const total = totals.get(account.currency) ?? { debits: [], net: [] };
    total.debits.push(n(account.debits));
    total.net.push(n(account.balance));
    totals.set(account.currency, total);
  }
  return {
    asOf: iso(asOf),
    accounts: accounts.map((account) => ({
      id: account.id,
      kind: account.kind,
      client: account.client_id ? { id: account.client_id, name: account.client_name ?? "" } : null,
      currency: account.currency,
      balance: n(account.balance),
    })),
    totals: [...totals].map(([currency, total]) => ({
      currency,
      debits: sumMinor(total.debits, currency),
      net: sumMinor(total.net, currency),
    })),
    recentEntries: await journalEntriesFor(scope, {}, 20),
  };
}
