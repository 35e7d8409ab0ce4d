import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeRevenue, type RetainerVersionInput } from "../../src/revenue";
import { computeRevenueReference } from "./reference-engine";

const statuses = ["trialing", "active", "past_due", "paused", "canceled"] as const;
const intervals = ["month", "quarter", "year"] as const;
const currencies = ["USD", "EUR", "JPY", "KWD"] as const;
const START = Date.UTC(2023, 0, 1);
const SPAN = 3 * 365 * 86_400_000;

const instant = fc.integer({ min: 0, max: SPAN }).map((offset) => new Date(START + offset));

const versionArb = fc.record({
  retainer: fc.integer({ min: 0, max: 7 }),
  client: fc.integer({ min: 0, max: 3 }),
  effectiveAt: instant,
  recordedAt: instant,
  status: fc.constantFrom(...statuses),
  unitAmount: fc.bigInt({ min: 0n, max: 10_000_000n }),
  quantity: fc.integer({ min: 1, max: 50 }),
  interval: fc.constantFrom(...intervals),
  discount: fc.option(
    fc.record({
      kind: fc.constantFrom("percent" as const, "amount" as const),
      bp: fc.integer({ min: 1, max: 10_000 }),
      amount: fc.bigInt({ min: 0n, max: 20_000_000n }),
      duration: fc.constantFrom("once" as const, "repeating" as const, "forever" as const),
      months: fc.integer({ min: 1, max: 24 }),
      startsAt: fc.option(instant),
    }),
  ),
  trialEndsAt: fc.option(instant),
  startsAt: instant,
  endsAt: fc.option(instant),
});

const rateArb = fc.record({
  currency: fc.constantFrom("EUR", "JPY", "KWD"),
  day: instant.map((date) => date.toISOString().slice(0, 10)),
  rate: fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, "0")}`),
});

describe("revenue engine properties", () => {
  it("any history: start + new + expansion + reactivation − contraction − churn = end every month, to the minor unit; no negative MRR; months chain through fxAdjustment", () => {
    fc.assert(
      fc.property(
        fc.array(versionArb, { minLength: 1, maxLength: 30 }),
        fc.array(rateArb, { maxLength: 12 }),
        fc.constantFrom(...currencies),
        (raw, rates, baseCurrency) => {
          const versions = toVersions(raw);
          const result = computeRevenue({ versions, baseCurrency, rates, asOf: new Date(START + SPAN) });
          let previousEnd = 0n;
          for (const month of result.months) {
            expect(
              month.startMrr + month.newMrr + month.expansion + month.reactivation - month.contraction - month.churn,
            ).toBe(month.endMrr);
            expect(month.startMrr - previousEnd).toBe(month.fxAdjustment);
            for (const value of [
              month.startMrr,
              month.endMrr,
              month.newMrr,
              month.expansion,
              month.reactivation,
              month.contraction,
              month.churn,
            ]) {
              expect(value >= 0n).toBe(true);
            }
            const clients = result.clients.get(month.month) ?? [];
            expect(clients.reduce((sum, client) => sum + client.mrr, 0n)).toBe(month.endMrr);
            for (const client of clients) expect(client.mrr >= 0n).toBe(true);
            expect(
              month.customers.start + month.customers.new + month.customers.reactivated - month.customers.churned,
            ).toBe(month.customers.end);
            previousEnd = month.endMrr;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the event-driven engine equals the plain month-by-month evaluation of every retainer (months, clients, retention revaluation)", () => {
    fc.assert(
      fc.property(
        fc.array(versionArb, { minLength: 1, maxLength: 30 }),
        fc.array(rateArb, { maxLength: 12 }),
        fc.constantFrom(...currencies),
        (raw, rates, baseCurrency) => {
          const versions = toVersions(raw);
          const input = { versions, baseCurrency, rates, asOf: new Date(START + SPAN) };
          const fast = computeRevenue(input);
          const reference = computeRevenueReference(input);
          expect(fast.months).toEqual(reference.months);
          const sorted = (rows: { clientId: string }[] | undefined) =>
            [...(rows ?? [])].sort((a, b) => a.clientId.localeCompare(b.clientId));
          for (const month of reference.months) {
            expect(sorted(fast.clients.get(month.month))).toEqual(sorted(reference.clients.get(month.month)));
          }
          const last = reference.months.at(-1)?.month;
          const first = reference.months[0]?.month;
          if (last && first) expect(fast.revalue(first, last)).toEqual(reference.revalue(first, last));
        },
      ),
      { numRuns: 300 },
    );
  });
});

type Raw = typeof versionArb extends fc.Arbitrary<infer T> ? T : never;

/** A retainer keeps one client and one currency, as in the schema. */
function toVersions(raw: Raw[]): RetainerVersionInput[] {
  return raw.map((entry, index) => ({
    retainerId: `r${entry.retainer}`,
    clientId: `c${entry.retainer % 4 === entry.client ? entry.client : entry.retainer % 4}`,
    version: index + 1,
    effectiveAt: entry.effectiveAt,
    recordedAt: entry.recordedAt,
    status: entry.status,
    unitAmount: entry.unitAmount,
    quantity: entry.quantity,
    interval: entry.interval,
    currency: currencies[entry.retainer % currencies.length]!,
    discountKind: entry.discount?.kind ?? null,
    discountPercentBp: entry.discount?.kind === "percent" ? entry.discount.bp : null,
    discountAmount: entry.discount?.kind === "amount" ? entry.discount.amount : null,
    discountDuration: entry.discount?.duration ?? null,
    discountMonths: entry.discount?.duration === "repeating" ? entry.discount.months : null,
    discountStartsAt: entry.discount?.startsAt ?? null,
    trialEndsAt: entry.trialEndsAt,
    startsAt: entry.startsAt,
    endsAt: entry.endsAt,
  }));
}
