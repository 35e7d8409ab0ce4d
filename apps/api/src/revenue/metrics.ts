import { ratioBp, roundHalfUp } from "./money-math";
import { addMonths, type MonthKey } from "./months";
import type { MonthMovements, RevenueResult } from "./types";

export type RevenueSummary = {
  month: MonthKey;
  mrr: bigint;
  arr: bigint;
  previousMrr: bigint;
  change: bigint;
  customers: number;
  arpa: bigint | null;
  /** Net / gross MRR retention over 12 months in basis points (null without a cohort 12 months ago). */
  nrrBp: number | null;
  grrBp: number | null;
  retentionCohort: { customers: number; startMrr: bigint; endMrr: bigint; retainedMrr: bigint };
  logoChurnMonth: { churned: number; startCustomers: number; rateBp: number | null };
  logoChurn12m: { churned: number; startCustomers: number; rateBp: number | null };
  movements: MonthMovements | null;
};

/**
 * Headline figures for `month`. Retention compares the clients paying at the close of month − 12
 * with what the same clients pay at the close of `month`, both at `month`'s rates (FX-neutral):
 * NRR = Σ now / Σ then (expansion counts, new and reactivated clients do not);
 * GRR = Σ min(now, then) / Σ then (capped at 100 %: expansion cannot hide losses).
 */
export function summarize(result: RevenueResult, month: MonthKey): RevenueSummary {
  const row = result.months.find((candidate) => candidate.month === month) ?? null;
  const previousRow = result.months.find((candidate) => candidate.month === addMonths(month, -1)) ?? null;
  const mrr = row?.endMrr ?? 0n;
  const previousMrr = previousRow?.endMrr ?? row?.startMrr ?? 0n;
  const customers = row?.customers.end ?? 0;

  const cohortStart = result.revalue(addMonths(month, -12), month);
  const now = result.revalue(month, month);
  let startMrr = 0n;
  let endMrr = 0n;
  let retainedMrr = 0n;
  let lost = 0;
  for (const [clientId, then] of cohortStart) {
    const current = now.get(clientId) ?? 0n;
    startMrr += then;
    endMrr += current;
    retainedMrr += current < then ? current : then;
    if (current === 0n) lost++;
  }
  return {
    month,
    mrr,
    arr: mrr * 12n,
    previousMrr,
    change: mrr - previousMrr,
    customers,
    arpa: customers > 0 ? roundHalfUp(mrr, BigInt(customers)) : null,
    nrrBp: ratioBp(endMrr, startMrr),
    grrBp: ratioBp(retainedMrr, startMrr),
    retentionCohort: { customers: cohortStart.size, startMrr, endMrr, retainedMrr },
    logoChurnMonth: {
      churned: row?.customers.churned ?? 0,
      startCustomers: row?.customers.start ?? 0,
      rateBp: ratioBp(BigInt(row?.customers.churned ?? 0), BigInt(row?.customers.start ?? 0)),
    },
    logoChurn12m: {
      churned: lost,
      startCustomers: cohortStart.size,
      rateBp: ratioBp(BigInt(lost), BigInt(cohortStart.size)),
    },
    movements: row,
  };
}
