import type { RouterOutputs } from "./router-types";
import { minorToAmountInput } from "./money";

export type RevenueSummary = RouterOutputs["revenue"]["summary"];
export type MovementRow = RouterOutputs["revenue"]["movements"]["rows"][number];
export type RevenueClientRow = RouterOutputs["revenue"]["clients"]["rows"][number];
export type ProjectBudget = RouterOutputs["revenue"]["projectBudgets"]["items"][number];
export type RateUsed = MovementRow["ratesUsed"][number];

/** The current calendar month in UTC ("2026-12"), the engine's clock. */
export function currentMonthKey(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** "Dec 2026" from "2026-12". */
export function monthLabel(key: string, style: "short" | "long" = "short"): string {
  const [year, month] = key.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat("en-US", { month: style, year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

/** Basis points as a percentage with one decimal ("104.3%"); "—" when there is no base. */
export function formatBp(bp: number | null): string {
  return bp === null ? "—" : `${(bp / 100).toFixed(1)}%`;
}

/** "1 EUR = 1.0825 USD (rate of 2026-11-30)" for each rate a figure used. */
export function describeRates(rates: readonly RateUsed[], baseCurrency: string): string {
  if (rates.length === 0) return `All amounts in ${baseCurrency}; no conversion.`;
  return `Converted to ${baseCurrency} at ${rates.map((rate) => `1 ${rate.currency} = ${rate.rate} ${baseCurrency} (rate of ${rate.day})`).join("; ")}.`;
}

function csvCell(value: string | number): string {
  const text = String(value);
  // Quote when needed; a leading =, +, - or @ is prefixed so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** The movement table as CSV: exact decimal amounts in the base currency, the rates each month used. */
export function movementsCsv(rows: readonly MovementRow[], baseCurrency: string): string {
  const amount = (minor: number) => minorToAmountInput(minor, baseCurrency);
  return toCsv(
    [
      "month",
      "currency",
      "start_mrr",
      "new",
      "expansion",
      "reactivation",
      "contraction",
      "churn",
      "end_mrr",
      "fx_adjustment",
      "customers",
      "rates_used",
      "missing_rates",
    ],
    rows.map((row) => [
      row.month,
      baseCurrency,
      amount(row.startMrr),
      amount(row.newMrr),
      amount(row.expansion),
      amount(row.reactivation),
      amount(row.contraction),
      amount(row.churn),
      amount(row.endMrr),
      amount(row.fxAdjustment),
      row.customers.end,
      row.ratesUsed.map((rate) => `${rate.currency}=${rate.rate}@${rate.day}`).join(" "),
      row.missingRates.join(" "),
    ]),
  );
}

/** The per-client table as CSV. */
export function clientsCsv(rows: readonly RevenueClientRow[], baseCurrency: string, month: string): string {
  const amount = (minor: number) => minorToAmountInput(minor, baseCurrency);
  return toCsv(
    [
      "month",
      "client",
      "currency",
      "mrr",
      "previous_mrr",
      "change",
      "movement",
      "retainers",
      "outstanding",
      "last_payment_at",
      "last_payment",
    ],
    rows.map((row) => [
      month,
      row.clientName,
      baseCurrency,
      amount(row.mrr),
      amount(row.previousMrr),
      amount(row.change),
      row.movement,
      row.retainers,
      row.outstanding.map((owed) => `${minorToAmountInput(owed.amount, owed.currency)} ${owed.currency}`).join(" "),
      row.lastPaymentAt ?? "",
      row.lastPayment
        ? `${minorToAmountInput(row.lastPayment.amount, row.lastPayment.currency)} ${row.lastPayment.currency}`
        : "",
    ]),
  );
}

export type ClientSortKey = "clientName" | "mrr" | "change" | "retainers" | "outstanding" | "lastPaymentAt";

/** Sorted copy of the client rows (outstanding by its total in minor units across currencies; names A→Z on ties). */
export function sortClients(
  rows: readonly RevenueClientRow[],
  key: ClientSortKey,
  direction: "asc" | "desc",
): RevenueClientRow[] {
  const value = (row: RevenueClientRow): string | number => {
    switch (key) {
      case "clientName":
        return row.clientName.toLocaleLowerCase();
      case "outstanding":
        return row.outstanding.reduce((sum, owed) => sum + owed.amount, 0);
      case "lastPaymentAt":
        return row.lastPaymentAt ?? "";
      default:
        return row[key];
    }
  };
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const left = value(a);
    const right = value(b);
    if (left < right) return -sign;
    if (left > right) return sign;
    return a.clientName.localeCompare(b.clientName);
  });
}
