import { currencyExponent, type Fraction, parseDecimal, roundHalfUp } from "../../src/revenue/money-math";
import { addMonths, dayKeyOf, type MonthKey, monthKeyOf, monthRange, monthStart } from "../../src/revenue/months";
import { compareVersions, type PreparedVersion, prepareVersion, SCALE, scaledMrrAt } from "../../src/revenue/terms";
import type {
  ClientMonth,
  ExchangeRateInput,
  MonthMovements,
  MovementKind,
  RateUsed,
  RetainerVersionInput,
  RevenueResult,
} from "../../src/revenue/types";

export type RevenueInput = {
  versions: readonly RetainerVersionInput[];
  baseCurrency: string;
  rates: readonly ExchangeRateInput[];
  /** "Now": the running month closes here; later months are not computed. */
  asOf: Date;
  /** First month to report (earlier history is still read to tell new from reactivation). */
  fromMonth?: MonthKey;
  /** Last month to report (default: asOf's month). */
  toMonth?: MonthKey;
};

type Rate = { fraction: Fraction; used: RateUsed };

/** Latest rate per currency on or before a day (rates sorted ascending by day once). */
class RateBook {
  private readonly byCurrency = new Map<string, { day: string; rate: string; fraction: Fraction }[]>();

  constructor(rates: readonly ExchangeRateInput[]) {
    for (const rate of rates) {
      const list = this.byCurrency.get(rate.currency) ?? [];
      list.push({ day: rate.day, rate: rate.rate, fraction: parseDecimal(rate.rate) });
      this.byCurrency.set(rate.currency, list);
    }
    for (const list of this.byCurrency.values()) list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  rateOn(currency: string, day: string): Rate | null {
    const list = this.byCurrency.get(currency);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.day <= day) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return null;
    const entry = list[found]!;
    return { fraction: entry.fraction, used: { currency, rate: entry.rate, day: entry.day } };
  }
}

/** Scaled amounts of one client at one month close: base-currency part plus foreign currencies. */
type ClientAmounts = { base: bigint; foreign: Map<string, bigint> | null; retainers: number };

/**
 * Convert one client's amounts to base minor units with the given rates, summing exactly and
 * rounding once (half up). Currencies without a rate are left out and reported.
 */
function clientValue(
  amounts: ClientAmounts | undefined,
  rates: Map<string, Rate | null>,
  baseExponent: number,
  missing: Set<string>,
): bigint {
  if (!amounts) return 0n;
  if (amounts.foreign === null) return roundHalfUp(amounts.base, SCALE);
  let n = amounts.base;
  let d = SCALE;
  for (const [currency, scaled] of amounts.foreign) {
    if (scaled === 0n) continue;
    const rate = rates.get(currency);
    if (!rate) {
      missing.add(currency);
      continue;
    }
    // scaled / SCALE minor(f) × rate × 10^(eb − ef) minor(base)
    const exponentShift = baseExponent - currencyExponent(currency);
    let termN = scaled * rate.fraction.n;
    let termD = SCALE * rate.fraction.d;
    if (exponentShift >= 0) termN *= 10n ** BigInt(exponentShift);
    else termD *= 10n ** BigInt(-exponentShift);
    n = n * termD + termN * d;
    d = d * termD;
  }
  return roundHalfUp(n, d);
}

/** When month `key` is read: its last millisecond, or asOf for the running month. */
function closeOf(key: MonthKey, asOf: Date): Date {
  const end = new Date(monthStart(addMonths(key, 1)).getTime() - 1);
  return end.getTime() < asOf.getTime() ? end : asOf;
}

/**
 * MRR per client per month and the month's movements, from the versioned retainer history.
 *
 * Rounding: a client's MRR for a month is the exact sum of its counting retainers' monthly
 * values (quarter ÷ 3, year ÷ 12, after discounts), converted at the month's rates, rounded
 * once to the base currency's minor unit, halves up. Totals are sums of client figures, and
 * each movement is the difference of one client's two integers, so
 * start + new + expansion + reactivation − contraction − churn = end holds to the minor unit.
 *
 * FX: a month's movements compare last month's and this month's amounts both at THIS month's
 * rates; the change of rate shows as `fxAdjustment` (restated start − reported last end), never
 * as a movement.
 */
export function computeRevenueReference(input: RevenueInput): RevenueResult {
  const { baseCurrency, asOf } = input;
  const baseExponent = currencyExponent(baseCurrency);
  const rateBook = new RateBook(input.rates);
  const lastMonth = input.toMonth && input.toMonth < monthKeyOf(asOf) ? input.toMonth : monthKeyOf(asOf);

  // Retainers with their versions in contract order.
  const byRetainer = new Map<string, PreparedVersion[]>();
  let earliest: Date | null = null;
  for (const version of input.versions) {
    const list = byRetainer.get(version.retainerId) ?? [];
    list.push(prepareVersion(version));
    byRetainer.set(version.retainerId, list);
    if (earliest === null || version.effectiveAt < earliest) earliest = version.effectiveAt;
  }
  const retainers = [...byRetainer.values()].map((list) => list.sort(compareVersions));

  const historyStart = earliest ? monthKeyOf(earliest) : lastMonth;
  const reportFrom = input.fromMonth ?? historyStart;
  const firstComputed = historyStart < reportFrom ? historyStart : reportFrom;
  const months = firstComputed <= lastMonth ? monthRange(firstComputed, lastMonth) : [];

  const cursors = new Int32Array(retainers.length).fill(-1);
  const everPaid = new Set<string>();
  let previousAmounts = new Map<string, ClientAmounts>();
  let previousReportedEnd = 0n;

  const amountsByMonth = new Map<MonthKey, Map<string, ClientAmounts>>();
  const ratesByMonth = new Map<MonthKey, string>();
  const result: RevenueResult = {
    baseCurrency,
    months: [],
    clients: new Map(),
    revalue(month, atRatesOf) {
      const source = amountsByMonth.get(month);
      const values = new Map<string, bigint>();
      if (!source) return values;
      const day = ratesByMonth.get(atRatesOf) ?? dayKeyOf(closeOf(atRatesOf, asOf));
      const rates = new Map<string, Rate | null>();
      const missing = new Set<string>();
      for (const [clientId, entry] of source) {
        if (entry.foreign) {
          for (const currency of entry.foreign.keys()) {
            if (!rates.has(currency)) rates.set(currency, rateBook.rateOn(currency, day));
          }
        }
        const value = clientValue(entry, rates, baseExponent, missing);
        if (value > 0n) values.set(clientId, value);
      }
      return values;
    },
  };

  for (const month of months) {
    const closesAt = closeOf(month, asOf);
    const closeTime = closesAt.getTime();

    // 1. Each retainer's terms at the close, and the client's exact amounts.
    const amounts = new Map<string, ClientAmounts>();
    for (let index = 0; index < retainers.length; index++) {
      const versions = retainers[index]!;
      let cursor = cursors[index]!;
      while (cursor + 1 < versions.length && versions[cursor + 1]!.effectiveAt.getTime() <= closeTime) cursor++;
      cursors[index] = cursor;
      if (cursor < 0) continue;
      const terms = versions[cursor]!;
      const scaled = scaledMrrAt(terms, closesAt);
      if (scaled === 0n) continue;
      let entry = amounts.get(terms.clientId);
      if (!entry) {
        entry = { base: 0n, foreign: null, retainers: 0 };
        amounts.set(terms.clientId, entry);
      }
      entry.retainers++;
      if (terms.currency === baseCurrency) entry.base += scaled;
      else {
        entry.foreign ??= new Map();
        entry.foreign.set(terms.currency, (entry.foreign.get(terms.currency) ?? 0n) + scaled);
      }
    }

    // 2. The month's rates (latest on or before the close), for every currency in play.
    const day = dayKeyOf(closesAt);
    const rates = new Map<string, Rate | null>();
    for (const source of [previousAmounts, amounts]) {
      for (const entry of source.values()) {
        if (!entry.foreign) continue;
        for (const currency of entry.foreign.keys()) {
          if (!rates.has(currency)) rates.set(currency, rateBook.rateOn(currency, day));
        }
      }
    }
    const missing = new Set<string>();

    // 3. Per client: last month and this month at this month's rates → one movement.
    const row: MonthMovements = {
      month,
      closesAt,
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
    const clientRows: ClientMonth[] = [];
    const clientIds = new Set([...previousAmounts.keys(), ...amounts.keys()]);
    const paidThisMonth: string[] = [];
    for (const clientId of clientIds) {
      const current = amounts.get(clientId);
      const mrr = clientValue(current, rates, baseExponent, missing);
      const previousMrr = clientValue(previousAmounts.get(clientId), rates, baseExponent, missing);
      let kind: MovementKind = "none";
      if (previousMrr === 0n && mrr > 0n) {
        kind = everPaid.has(clientId) ? "reactivation" : "new";
        if (kind === "new") {
          row.newMrr += mrr;
          row.customers.new++;
        } else {
          row.reactivation += mrr;
          row.customers.reactivated++;
        }
      } else if (previousMrr > 0n && mrr === 0n) {
        kind = "churn";
        row.churn += previousMrr;
        row.customers.churned++;
      } else if (mrr > previousMrr) {
        kind = "expansion";
        row.expansion += mrr - previousMrr;
      } else if (mrr < previousMrr) {
        kind = "contraction";
        row.contraction += previousMrr - mrr;
      }
      row.startMrr += previousMrr;
      row.endMrr += mrr;
      if (previousMrr > 0n) row.customers.start++;
      if (mrr > 0n) {
        row.customers.end++;
        paidThisMonth.push(clientId);
      }
      if (mrr > 0n || previousMrr > 0n) {
        clientRows.push({ clientId, mrr, previousMrr, kind, retainers: current?.retainers ?? 0 });
      }
    }
    for (const clientId of paidThisMonth) everPaid.add(clientId);
    row.fxAdjustment = row.startMrr - previousReportedEnd;
    row.ratesUsed = [...rates.values()]
      .filter((rate): rate is Rate => rate !== null)
      .map((rate) => rate.used)
      .sort((a, b) => a.currency.localeCompare(b.currency));
    row.missingRates = [...missing].sort();
    previousReportedEnd = row.endMrr;
    previousAmounts = amounts;
    amountsByMonth.set(month, amounts);
    ratesByMonth.set(month, day);

    if (month >= reportFrom) {
      result.months.push(row);
      result.clients.set(month, clientRows);
    }
  }
  return result;
}
