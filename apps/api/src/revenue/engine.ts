import { currencyExponent, type Fraction, parseDecimal, roundHalfUp } from "./money-math";
import { addMonths, dayKeyOf, type MonthKey, monthKeyOf, monthRange, monthStart } from "./months";
import { compareVersions, type PreparedVersion, prepareVersion, SCALE, scaledMrrAt } from "./terms";
import type {
  ClientMonth,
  ExchangeRateInput,
  MonthMovements,
  MovementKind,
  RateUsed,
  RetainerVersionInput,
  RevenueResult,
} from "./types";

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
  /** Months whose per-client rows are wanted (default: every reported month). */
  clientMonths?: readonly MonthKey[];
};

type Rate = { fraction: Fraction; used: RateUsed; factor?: { n: bigint; d: bigint } };

/** Latest rate per currency on or before a day (rates sorted ascending by day once). */
class RateBook {
  private readonly byCurrency = new Map<string, { day: string; rate: Rate }[]>();

  constructor(rates: readonly ExchangeRateInput[]) {
    for (const rate of rates) {
      const list = this.byCurrency.get(rate.currency) ?? [];
      list.push({
        day: rate.day,
        rate: { fraction: parseDecimal(rate.rate), used: { currency: rate.currency, rate: rate.rate, day: rate.day } },
      });
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
    return list[found]!.rate;
  }
}

/** Scaled amounts of one client at one month close: base-currency part plus foreign currencies. */
type ClientAmounts = { base: bigint; foreign: Map<string, bigint> | null; retainers: number };

const cloneAmounts = (amounts: ClientAmounts): ClientAmounts => ({
  base: amounts.base,
  foreign: amounts.foreign ? new Map(amounts.foreign) : null,
  retainers: amounts.retainers,
});
const hasForeign = (amounts: ClientAmounts | undefined) => Boolean(amounts?.foreign && amounts.foreign.size > 0);

/**
 * Convert one client's amounts to base minor units with the given rates, summing exactly and
 * rounding once (half up). Currencies without a rate are left out and reported.
 */
function clientValue(
  amounts: ClientAmounts | undefined,
  rateOf: (currency: string) => Rate | null,
  baseExponent: number,
  missing: Set<string>,
): bigint {
  if (!amounts) return 0n;
  if (!amounts.foreign || amounts.foreign.size === 0) return roundHalfUp(amounts.base, SCALE);
  let n = amounts.base;
  let d = SCALE;
  for (const [currency, scaled] of amounts.foreign) {
    const rate = rateOf(currency);
    if (!rate) {
      missing.add(currency);
      continue;
    }
    // scaled / SCALE minor(f) × rate × 10^(eb − ef) minor(base): the factor is worked out once per rate.
    if (!rate.factor) {
      const exponentShift = baseExponent - currencyExponent(currency);
      rate.factor =
        exponentShift >= 0
          ? { n: rate.fraction.n * 10n ** BigInt(exponentShift), d: SCALE * rate.fraction.d }
          : { n: rate.fraction.n, d: SCALE * rate.fraction.d * 10n ** BigInt(-exponentShift) };
    }
    const termN = scaled * rate.factor.n;
    const termD = rate.factor.d;
    if (n === 0n) {
      n = termN;
      d = termD;
    } else if (termD === d) n += termN;
    else {
      n = n * termD + termN * d;
      d = d * termD;
    }
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
 *
 * Speed: a retainer's value can only change at one of its instants (a version's effective_at,
 * starts_at, ends_at, trial end, a repeating discount's start and end), so each retainer is
 * evaluated only in the months holding one of them, and only the clients it touches are
 * re-classified; clients paid in foreign currencies are re-valued every month (rates move).
 * test/revenue/engine-equivalence.test.ts checks this against the plain month-by-month
 * evaluation of every retainer.
 */
export function computeRevenue(input: RevenueInput): RevenueResult {
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
  const closes = months.map((month) => closeOf(month, asOf));
  const closeMs = closes.map((close) => close.getTime());
  const monthIndexOfMonth = new Map(months.map((month, index) => [month, index]));
  const wantClients = input.clientMonths === undefined ? null : new Set(input.clientMonths);

  /** Index of the first close at or after `time` (months.length when none). */
  const firstCloseAtOrAfter = (time: number) => {
    let low = 0;
    let high = closeMs.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (closeMs[mid]! >= time) high = mid;
      else low = mid + 1;
    }
    return low;
  };

  // Which retainers may change value at each close.
  const dirty: Set<number>[] = months.map(() => new Set<number>());
  retainers.forEach((versions, index) => {
    const mark = (instant: Date | null) => {
      if (instant === null) return;
      const at = firstCloseAtOrAfter(instant.getTime());
      if (at < months.length) dirty[at]!.add(index);
    };
    for (const version of versions) {
      mark(version.effectiveAt);
      mark(version.startsAt);
      mark(version.endsAt);
      mark(version.trialEndsAt);
      if (version.discountEndsAt !== null) {
        mark(version.discountStartsAt ?? version.startsAt);
        mark(version.discountEndsAt);
      }
    }
  });

  const cursors = new Int32Array(retainers.length).fill(-1);
  const lastValue: bigint[] = retainers.map(() => 0n);
  const amounts = new Map<string, ClientAmounts>();
  /** Rounded MRR of clients paid only in the base currency (rate-independent). */
  const cachedBase = new Map<string, bigint>();
  const foreignClients = new Set<string>();
  let baseOnlySum = 0n;
  let baseOnlyPaid = 0;
  const everPaid = new Set<string>();
  const timeline = new Map<string, { index: number; amounts: ClientAmounts }[]>();
  const dayOfMonth: string[] = [];
  let previousReportedEnd = 0n;

  const result: RevenueResult = {
    baseCurrency,
    months: [],
    clients: new Map(),
    revalue(month, atRatesOf) {
      const index = monthIndexOfMonth.get(month);
      const values = new Map<string, bigint>();
      if (index === undefined) return values;
      const ratesIndex = monthIndexOfMonth.get(atRatesOf);
      const day = ratesIndex === undefined ? dayKeyOf(closeOf(atRatesOf, asOf)) : dayOfMonth[ratesIndex]!;
      const cache = new Map<string, Rate | null>();
      const rateOf = (currency: string) => {
        if (!cache.has(currency)) cache.set(currency, rateBook.rateOn(currency, day));
        return cache.get(currency)!;
      };
      const missing = new Set<string>();
      for (const [clientId, entries] of timeline) {
        let low = 0;
        let high = entries.length - 1;
        let found = -1;
        while (low <= high) {
          const mid = (low + high) >> 1;
          if (entries[mid]!.index <= index) {
            found = mid;
            low = mid + 1;
          } else high = mid - 1;
        }
        if (found < 0) continue;
        const value = clientValue(entries[found]!.amounts, rateOf, baseExponent, missing);
        if (value > 0n) values.set(clientId, value);
      }
      return values;
    },
  };

  months.forEach((month, monthIndex) => {
    const closesAt = closes[monthIndex]!;
    const closeTime = closeMs[monthIndex]!;

    // 1. Retainers that may have changed: new value at this close, applied to their client.
    const touched = new Map<string, ClientAmounts>(); // client → amounts before this month's changes
    for (const index of dirty[monthIndex]!) {
      const versions = retainers[index]!;
      let cursor = cursors[index]!;
      while (cursor + 1 < versions.length && versions[cursor + 1]!.effectiveAt.getTime() <= closeTime) cursor++;
      cursors[index] = cursor;
      const terms = cursor < 0 ? null : versions[cursor]!;
      const value = terms ? scaledMrrAt(terms, closesAt) : 0n;
      const before = lastValue[index]!;
      if (value === before) continue;
      const retainer = versions[0]!;
      let entry = amounts.get(retainer.clientId);
      if (!entry) {
        entry = { base: 0n, foreign: null, retainers: 0 };
        amounts.set(retainer.clientId, entry);
      }
      if (!touched.has(retainer.clientId)) touched.set(retainer.clientId, cloneAmounts(entry));
      if (retainer.currency === baseCurrency) entry.base += value - before;
      else {
        entry.foreign ??= new Map();
        const next = (entry.foreign.get(retainer.currency) ?? 0n) + value - before;
        if (next === 0n) entry.foreign.delete(retainer.currency);
        else entry.foreign.set(retainer.currency, next);
      }
      entry.retainers += (value > 0n ? 1 : 0) - (before > 0n ? 1 : 0);
      lastValue[index] = value;
    }

    // 2. The month's rates (latest on or before the close), looked up once per currency.
    const day = dayKeyOf(closesAt);
    dayOfMonth.push(day);
    const rates = new Map<string, Rate | null>();
    const rateOf = (currency: string) => {
      if (!rates.has(currency)) rates.set(currency, rateBook.rateOn(currency, day));
      return rates.get(currency)!;
    };
    const missing = new Set<string>();

    // 3. Totals: untouched base-only clients are unchanged; touched and foreign clients are valued now.
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
    let untouchedBase = baseOnlySum;
    let untouchedBasePaid = baseOnlyPaid;
    for (const [clientId, previous] of touched) {
      if (!hasForeign(previous)) {
        const cached = cachedBase.get(clientId) ?? 0n;
        untouchedBase -= cached;
        if (cached > 0n) untouchedBasePaid--;
      }
    }
    row.startMrr = untouchedBase;
    row.endMrr = untouchedBase;
    row.customers.start = untouchedBasePaid;
    row.customers.end = untouchedBasePaid;

    const clientRows: ClientMonth[] | null = wantClients === null || wantClients.has(month) ? [] : null;
    const newValues = new Map<string, bigint>();

    for (const [clientId, previous] of touched) {
      const current = amounts.get(clientId)!;
      const previousMrr = clientValue(previous, rateOf, baseExponent, missing);
      const mrr = clientValue(current, rateOf, baseExponent, missing);
      newValues.set(clientId, mrr);
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
      if (mrr > 0n) row.customers.end++;
      if (clientRows && (mrr > 0n || previousMrr > 0n)) {
        clientRows.push({ clientId, mrr, previousMrr, kind, retainers: current.retainers });
      }
    }
    for (const clientId of foreignClients) {
      if (touched.has(clientId)) continue;
      const current = amounts.get(clientId)!;
      const mrr = clientValue(current, rateOf, baseExponent, missing);
      newValues.set(clientId, mrr);
      row.startMrr += mrr;
      row.endMrr += mrr;
      if (mrr > 0n) {
        row.customers.start++;
        row.customers.end++;
      }
      if (clientRows && mrr > 0n)
        clientRows.push({ clientId, mrr, previousMrr: mrr, kind: "none", retainers: current.retainers });
    }
    if (clientRows) {
      for (const [clientId, cached] of cachedBase) {
        if (cached > 0n && !touched.has(clientId) && !foreignClients.has(clientId)) {
          clientRows.push({
            clientId,
            mrr: cached,
            previousMrr: cached,
            kind: "none",
            retainers: amounts.get(clientId)!.retainers,
          });
        }
      }
    }

    // 4. Carry the state into the next month.
    for (const [clientId, previous] of touched) {
      const current = amounts.get(clientId)!;
      if (!hasForeign(previous)) {
        const cached = cachedBase.get(clientId) ?? 0n;
        baseOnlySum -= cached;
        if (cached > 0n) baseOnlyPaid--;
      }
      if (hasForeign(current)) {
        foreignClients.add(clientId);
        cachedBase.delete(clientId);
      } else {
        foreignClients.delete(clientId);
        const value = newValues.get(clientId)!;
        cachedBase.set(clientId, value);
        baseOnlySum += value;
        if (value > 0n) baseOnlyPaid++;
      }
      const entries = timeline.get(clientId) ?? [];
      entries.push({ index: monthIndex, amounts: cloneAmounts(current) });
      timeline.set(clientId, entries);
    }
    for (const [clientId, value] of newValues) if (value > 0n) everPaid.add(clientId);

    row.fxAdjustment = row.startMrr - previousReportedEnd;
    row.ratesUsed = [...rates.values()]
      .filter((rate): rate is Rate => rate !== null)
      .map((rate) => rate.used)
      .sort((a, b) => a.currency.localeCompare(b.currency));
    row.missingRates = [...missing].sort();
    previousReportedEnd = row.endMrr;

    if (month >= reportFrom) {
      result.months.push(row);
      if (clientRows) result.clients.set(month, clientRows);
    }
  });
  return result;
}
