import { multiplyMinor, percentOfMinor, prorateMinor, subtractMinor, formatMoney, type BillingInterval, type ProrationDto } from "@agency/validators";

/**
 * Billing periods and charges of a retainer's terms. Periods are anchored at the terms'
 * `startsAt` and step by the interval in whole calendar months (UTC), clamped to the month's
 * end (Jan 31 → Feb 28 → Mar 31): period k = [anchor + k·m months, anchor + (k+1)·m months).
 */

const MONTHS: Record<BillingInterval, number> = { month: 1, quarter: 3, year: 12 };

export interface Terms {
  unitAmount: bigint | number;
  quantity: number;
  interval: BillingInterval;
  currency: string;
  startsAt: Date;
  endsAt: Date | null;
  trialEndsAt: Date | null;
  discountKind: "percent" | "amount" | null;
  discountPercentBp: number | null;
  discountAmount: bigint | number | null;
  discountDuration: "once" | "repeating" | "forever" | null;
  discountMonths: number | null;
  discountStartsAt: Date | null;
}

/** `anchor` plus `months` calendar months, keeping the anchor's day (clamped) and time of day. */
export function addMonths(anchor: Date, months: number): Date {
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      Math.min(anchor.getUTCDate(), lastDay),
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

export interface Period {
  start: Date;
  end: Date;
  /** 0 for the first period. */
  index: number;
}

/** The period of `terms` containing `at` (null before the start). Ignores the end of service. */
export function periodContaining(startsAt: Date, interval: BillingInterval, at: Date): Period | null {
  if (at < startsAt) return null;
  const step = MONTHS[interval];
  const monthsApart = (at.getUTCFullYear() - startsAt.getUTCFullYear()) * 12 + (at.getUTCMonth() - startsAt.getUTCMonth());
  let index = Math.max(0, Math.floor(monthsApart / step) - 1);
  // At most a couple of steps from the estimate (clamped month ends shift boundaries by days).
  while (addMonths(startsAt, (index + 1) * step) <= at) index++;
  while (index > 0 && addMonths(startsAt, index * step) > at) index--;
  return { start: addMonths(startsAt, index * step), end: addMonths(startsAt, (index + 1) * step), index };
}

/** unit × quantity, before discounts. */
export function grossAmount(terms: Terms): number {
  return multiplyMinor(Number(terms.unitAmount), terms.quantity, terms.currency);
}

/** Whether the terms' discount applies to the charge of the period starting at `periodStart`. */
export function discountApplies(terms: Terms, periodStart: Date): boolean {
  if (!terms.discountKind || !terms.discountDuration) return false;
  // The discount starts with the period containing its start (or the first period).
  const from = terms.discountStartsAt ?? terms.startsAt;
  const firstStart = periodContaining(terms.startsAt, terms.interval, from)?.start ?? terms.startsAt;
  if (periodStart < firstStart) return false;
  if (terms.discountDuration === "forever") return true;
  if (terms.discountDuration === "once") return periodStart.getTime() === firstStart.getTime();
  return periodStart < addMonths(firstStart, terms.discountMonths ?? 0);
}

/** The discount taken off a gross charge (never more than the charge). */
export function discountAmountFor(terms: Terms, gross: number): number {
  if (terms.discountKind === "percent") return percentOfMinor(gross, terms.discountPercentBp ?? 0, terms.currency);
  if (terms.discountKind === "amount") return Math.min(gross, Number(terms.discountAmount ?? 0));
  return 0;
}

/** The charge for the period starting at `periodStart` under `terms`, after its discount. */
export function chargeFor(terms: Terms, periodStart: Date): { gross: number; discount: number; net: number } {
  const gross = grossAmount(terms);
  const discount = discountApplies(terms, periodStart) ? discountAmountFor(terms, gross) : 0;
  return { gross, discount, net: subtractMinor(gross, discount, terms.currency) };
}

/**
 * What changing from `before` to `after` at `changeAt` costs for the rest of the current period:
 * the unused part of the old charge is credited, the remaining part of the new one charged
 * (both in proportion to the seconds left, split with dinero's allocate so no minor unit is lost).
 */
export function proration(before: Terms, after: Terms, changeAt: Date): ProrationDto {
  const currency = before.currency;
  const period = periodContaining(before.startsAt, before.interval, changeAt);
  const inService = period && (!before.endsAt || changeAt < before.endsAt);
  if (!period || !inService) {
    return {
      currency,
      period: null,
      changeAt: changeAt.toISOString(),
      remainingSeconds: 0,
      periodSeconds: 0,
      oldAmount: 0,
      newAmount: 0,
      credit: 0,
      charge: 0,
      net: 0,
      explanation: "The change applies before service starts or after it ends: nothing to prorate.",
    };
  }
  const periodSeconds = Math.round((period.end.getTime() - period.start.getTime()) / 1000);
  const remainingSeconds = Math.max(0, Math.round((period.end.getTime() - changeAt.getTime()) / 1000));
  const oldAmount = chargeFor(before, period.start).net;
  // A new interval bills a period of its own length; the remaining time is priced against that.
  const newPeriodSeconds =
    after.interval === before.interval
      ? periodSeconds
      : Math.round((addMonths(period.start, MONTHS[after.interval]).getTime() - period.start.getTime()) / 1000);
  const newAmount = chargeFor({ ...after, startsAt: before.startsAt }, period.start).net;
  const credit = -prorateMinor(oldAmount, remainingSeconds, periodSeconds, currency);
  const charge = prorateMinor(newAmount, remainingSeconds, newPeriodSeconds, currency);
  const net = charge + credit;
  const days = (seconds: number) => Math.round((seconds / 86_400) * 10) / 10;
  const fmt = (amount: number) => formatMoney(amount, currency);
  const explanation =
    `${days(remainingSeconds)} of ${days(periodSeconds)} days remain in the period ` +
    `${period.start.toISOString().slice(0, 10)} – ${period.end.toISOString().slice(0, 10)}. ` +
    `Unused time on the old terms (${fmt(oldAmount)} per ${before.interval}) is credited: ${fmt(credit)}. ` +
    `The rest of the period on the new terms (${fmt(newAmount)} per ${after.interval}) costs ${fmt(charge)}. ` +
    (net === 0
      ? "The change costs nothing extra this period."
      : net > 0
        ? `Net: ${fmt(net)} more this period (bill it as a one-off invoice, or it is absorbed).`
        : `Net: ${fmt(-net)} less this period (a credit for the client).`) +
    " From the next period the new amount applies in full.";
  return {
    currency,
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    changeAt: changeAt.toISOString(),
    remainingSeconds,
    periodSeconds,
    oldAmount,
    newAmount,
    credit,
    charge,
    net,
    explanation,
  };
}
