import type { MonthKey } from "./months";

export type RetainerStatus = "trialing" | "active" | "past_due" | "paused" | "canceled";
export type BillingInterval = "month" | "quarter" | "year";

/**
 * One row of `retainer_versions` as the engine needs it (billing contract: the retainer's terms
 * at instant t are the row with the greatest effective_at ≤ t, ties broken by the latest
 * recorded_at, then the highest version).
 */
export type RetainerVersionInput = {
  retainerId: string;
  clientId: string;
  version: number;
  effectiveAt: Date;
  recordedAt: Date;
  status: RetainerStatus;
  unitAmount: bigint;
  quantity: number;
  interval: BillingInterval;
  currency: string;
  discountKind: "percent" | "amount" | null;
  discountPercentBp: number | null;
  discountAmount: bigint | null;
  discountDuration: "once" | "repeating" | "forever" | null;
  discountMonths: number | null;
  discountStartsAt: Date | null;
  trialEndsAt: Date | null;
  startsAt: Date;
  endsAt: Date | null;
};

/** One recorded rate: 1 unit of `currency` = `rate` units of the organization's base currency on `day`. */
export type ExchangeRateInput = { currency: string; day: string; rate: string };

export type RateUsed = { currency: string; rate: string; day: string };

export type MovementKind = "new" | "expansion" | "reactivation" | "contraction" | "churn" | "none";

export type MonthMovements = {
  month: MonthKey;
  /** The instant the month's MRR was read at: the month's last millisecond, or `asOf` for the running month. */
  closesAt: Date;
  /** Last month's closing MRR re-valued at this month's rates (so FX moves are not movements). */
  startMrr: bigint;
  newMrr: bigint;
  expansion: bigint;
  reactivation: bigint;
  contraction: bigint;
  churn: bigint;
  endMrr: bigint;
  /** startMrr − last month's endMrr as reported then: the FX revaluation, never a movement. */
  fxAdjustment: bigint;
  customers: { start: number; new: number; reactivated: number; churned: number; end: number };
  ratesUsed: RateUsed[];
  /** Currencies with recurring revenue but no recorded rate on or before closesAt (left out of every figure). */
  missingRates: string[];
};

export type ClientMonth = {
  clientId: string;
  mrr: bigint;
  /** Last month's MRR at this month's rates. */
  previousMrr: bigint;
  kind: MovementKind;
  /** Retainers counting towards MRR at closesAt. */
  retainers: number;
};

export type RevenueResult = {
  baseCurrency: string;
  months: MonthMovements[];
  /** Per month, every client with MRR now or last month. */
  clients: Map<MonthKey, ClientMonth[]>;
  /** Clients' MRR (> 0 only) at the close of `month`, valued at the rates of `atRatesOf`. */
  revalue(month: MonthKey, atRatesOf: MonthKey): Map<string, bigint>;
};
