import { sql } from "@agency/db";
import type {
  revenueClientsSchema,
  revenueMonthInputSchema,
  revenueMovementsSchema,
  revenueRangeInputSchema,
  revenueSummarySchema,
} from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../errors/app-error";
import type { TenantScope } from "../services/scope";
import { computeRevenue } from "./engine";
import { loadRevenueHistory } from "./load";
import { summarize } from "./metrics";
import { addMonths, type MonthKey, monthKeyOf } from "./months";
import type { MonthMovements } from "./types";

/** bigint minor units → a JSON number; figures beyond ±2^53 − 1 are refused rather than rounded. */
export function toWire(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AppError("UNPROCESSABLE", "A revenue figure is too large to send exactly.");
  }
  return Number(value);
}

function movementRow(row: MonthMovements): z.input<typeof revenueMovementsSchema>["rows"][number] {
  return {
    month: row.month,
    closesAt: row.closesAt.toISOString(),
    startMrr: toWire(row.startMrr),
    newMrr: toWire(row.newMrr),
    expansion: toWire(row.expansion),
    reactivation: toWire(row.reactivation),
    contraction: toWire(row.contraction),
    churn: toWire(row.churn),
    endMrr: toWire(row.endMrr),
    fxAdjustment: toWire(row.fxAdjustment),
    customers: row.customers,
    ratesUsed: row.ratesUsed,
    missingRates: row.missingRates,
  };
}

/** The monthly movement table: `months` months (default 12) ending with `to` (default: this month). */
export async function revenueMovements(
  scope: TenantScope,
  input: z.output<typeof revenueRangeInputSchema>,
  now = new Date(),
): Promise<z.input<typeof revenueMovementsSchema>> {
  const current = monthKeyOf(now);
  if (input.to && input.to > current) {
    throw new AppError("VALIDATION_ERROR", "Revenue is reported up to the current month.", {
      issues: [{ path: ["to"], message: `Choose ${current} or earlier`, code: "custom" }],
    });
  }
  const to = input.to ?? current;
  const from = addMonths(to, -((input.months ?? 12) - 1));
  const history = await loadRevenueHistory(scope);
  const result = computeRevenue({ ...history, asOf: now, fromMonth: from, toMonth: to, clientMonths: [] });
  return { baseCurrency: history.baseCurrency, rows: result.months.filter((row) => row.month <= to).map(movementRow) };
}

function emptyRow(month: MonthKey, now: Date): MonthMovements {
  return {
    month,
    closesAt: now,
    startMrr: 0n,
    newMrr: 0n,
    expansion: 0n,
    reactivation: 0n,
    contraction: 0n,
    churn: 0n,
    endMrr: 0n,
    fxAdjustment: 0n,
    customers: { start: 0, new: 0, reactivated: 0, churned: 0, end: 0 },
    ratesUsed: [],
    missingRates: [],
  };
}

function reportMonth(input: { month?: string | undefined }, now: Date): MonthKey {
  const current = monthKeyOf(now);
  if (input.month && input.month > current) {
    throw new AppError("VALIDATION_ERROR", "Revenue is reported up to the current month.", {
      issues: [{ path: ["month"], message: `Choose ${current} or earlier`, code: "custom" }],
    });
  }
  return input.month ?? current;
}

/** Headline figures: MRR, ARR, change, NRR/GRR over 12 months, logo churn, ARPA. */
export async function revenueSummary(
  scope: TenantScope,
  input: z.output<typeof revenueMonthInputSchema>,
  now = new Date(),
): Promise<z.input<typeof revenueSummarySchema>> {
  const month = reportMonth(input, now);
  const history = await loadRevenueHistory(scope);
  const result = computeRevenue({ ...history, asOf: now, toMonth: month, clientMonths: [] });
  const summary = summarize(result, month);
  const row = summary.movements ?? emptyRow(month, now);
  return {
    baseCurrency: history.baseCurrency,
    month,
    closesAt: row.closesAt.toISOString(),
    mrr: toWire(summary.mrr),
    arr: toWire(summary.arr),
    previousMrr: toWire(summary.previousMrr),
    change: toWire(summary.change),
    customers: summary.customers,
    arpa: summary.arpa === null ? null : toWire(summary.arpa),
    nrrBp: summary.nrrBp,
    grrBp: summary.grrBp,
    retentionCohort: {
      customers: summary.retentionCohort.customers,
      startMrr: toWire(summary.retentionCohort.startMrr),
      endMrr: toWire(summary.retentionCohort.endMrr),
      retainedMrr: toWire(summary.retentionCohort.retainedMrr),
    },
    logoChurnMonth: summary.logoChurnMonth,
    logoChurn12m: summary.logoChurn12m,
    ratesUsed: row.ratesUsed,
    missingRates: row.missingRates,
    hasRetainers: history.versions.length > 0,
  };
}

type MoneyRow = { client_id: string; currency: string; amount: string };

/**
 * Per client for `month`: MRR and its change (last month at this month's rates), the retainers
 * counting, outstanding invoices (open: total − paid, per currency) and the last payment.
 * Every client with MRR this month or last month, plus clients that owe money.
 */
export async function revenueClients(
  scope: TenantScope,
  input: z.output<typeof revenueMonthInputSchema>,
  now = new Date(),
): Promise<z.input<typeof revenueClientsSchema>> {
  const month = reportMonth(input, now);
  const history = await loadRevenueHistory(scope);
  const result = computeRevenue({ ...history, asOf: now, fromMonth: month, toMonth: month, clientMonths: [month] });
  const row = result.months.find((candidate) => candidate.month === month) ?? emptyRow(month, now);
  const clientRows = result.clients.get(month) ?? [];

  const outstanding = await scope.sql.all(
    sql<MoneyRow>`SELECT client_id, currency, sum(total - amount_paid - amount_written_off)::text AS amount
      FROM invoices WHERE org_id = ${scope.org.id} AND status = 'open'
      GROUP BY client_id, currency HAVING sum(total - amount_paid - amount_written_off) <> 0`,
  );
  const lastPayments = await scope.sql.all(
    sql<
      MoneyRow & { received_at: Date }
    >`SELECT DISTINCT ON (client_id) client_id, currency, amount::text AS amount, received_at
      FROM payments WHERE org_id = ${scope.org.id}
      ORDER BY client_id, received_at DESC, id DESC`,
  );
  const clientIds = new Set([
    ...clientRows.map((client) => client.clientId),
    ...outstanding.map((owed) => owed.client_id),
  ]);
  const names = clientIds.size
    ? await scope.sql.all(
        sql<{ id: string; name: string }>`SELECT id, name FROM clients
          WHERE org_id = ${scope.org.id} AND id = ANY(${[...clientIds]}::uuid[])`,
      )
    : [];
  const nameOf = new Map(names.map((client) => [client.id, client.name]));
  const owedBy = new Map<string, { currency: string; amount: number }[]>();
  for (const owed of outstanding) {
    const list = owedBy.get(owed.client_id) ?? [];
    list.push({ currency: owed.currency, amount: toWire(BigInt(owed.amount)) });
    owedBy.set(owed.client_id, list);
  }
  const paymentOf = new Map(lastPayments.map((payment) => [payment.client_id, payment]));
  const byClient = new Map(clientRows.map((client) => [client.clientId, client]));

  const rows = [...clientIds].map((clientId) => {
    const figures = byClient.get(clientId);
    const payment = paymentOf.get(clientId);
    return {
      clientId,
      clientName: nameOf.get(clientId) ?? "(deleted client)",
      mrr: toWire(figures?.mrr ?? 0n),
      previousMrr: toWire(figures?.previousMrr ?? 0n),
      change: toWire((figures?.mrr ?? 0n) - (figures?.previousMrr ?? 0n)),
      movement: figures?.kind ?? "none",
      retainers: figures?.retainers ?? 0,
      outstanding: owedBy.get(clientId) ?? [],
      lastPaymentAt: payment ? payment.received_at.toISOString() : null,
      lastPayment: payment ? { currency: payment.currency, amount: toWire(BigInt(payment.amount)) } : null,
    };
  });
  rows.sort((a, b) => b.mrr - a.mrr || a.clientName.localeCompare(b.clientName));
  return {
    baseCurrency: history.baseCurrency,
    month,
    closesAt: row.closesAt.toISOString(),
    ratesUsed: row.ratesUsed,
    missingRates: row.missingRates,
    rows,
  };
}
