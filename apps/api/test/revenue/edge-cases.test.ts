import { describe, expect, it } from "vitest";
import { computeRevenue, formatMinor } from "../../src/revenue";
import { at, version } from "./build";

const asOf = at("2025-12-31");
const row = (result: ReturnType<typeof computeRevenue>, month: string) => {
  const found = result.months.find((candidate) => candidate.month === month);
  if (!found) throw new Error(`no row for ${month}`);
  return found;
};

describe("revenue edge cases", () => {
  it("proration is not MRR: an upgrade on the 20th (a prorated one-off charge) moves MRR by the full new monthly value", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-01-01") }),
      version({
        retainerId: "r",
        clientId: "c",
        version: 2,
        effectiveAt: at("2025-03-20"),
        startsAt: at("2025-01-01"),
        quantity: 3,
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-03").expansion).toBe(20_000n);
    expect(row(result, "2025-04").expansion).toBe(0n);
  });

  it("a retainer that starts and ends inside one month never counts (MRR is read at month close) and creates no movement", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-04-03"), endsAt: at("2025-04-25") }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    const april = row(result, "2025-04");
    expect(april.newMrr).toBe(0n);
    expect(april.endMrr).toBe(0n);
    expect(result.clients.get("2025-04")).toEqual([]);
  });

  it("a paused retainer leaves MRR (contraction or churn) and resuming it is expansion or reactivation", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-01-01") }),
      version({
        retainerId: "r",
        clientId: "c",
        version: 2,
        effectiveAt: at("2025-03-10"),
        startsAt: at("2025-01-01"),
        status: "paused",
      }),
      version({
        retainerId: "r",
        clientId: "c",
        version: 3,
        effectiveAt: at("2025-05-10"),
        startsAt: at("2025-01-01"),
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-03").churn).toBe(10_000n);
    expect(row(result, "2025-04").endMrr).toBe(0n);
    expect(row(result, "2025-05").reactivation).toBe(10_000n);
  });

  it("trials are excluded until trial_ends_at; the first paid month is New", () => {
    const versions = [
      version({
        retainerId: "r",
        clientId: "c",
        effectiveAt: at("2025-01-15"),
        status: "active",
        trialEndsAt: at("2025-02-14"),
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-01").endMrr).toBe(0n);
    expect(row(result, "2025-02").newMrr).toBe(10_000n);
  });

  it("trialing and canceled statuses never count; past_due does", () => {
    const versions = [
      version({ retainerId: "t", clientId: "t", effectiveAt: at("2025-01-01"), status: "trialing" }),
      version({ retainerId: "x", clientId: "x", effectiveAt: at("2025-01-01"), status: "canceled" }),
      version({ retainerId: "p", clientId: "p", effectiveAt: at("2025-01-01"), status: "past_due" }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-01").endMrr).toBe(10_000n);
  });

  it("JPY (exponent 0): ¥10,000 per quarter = ¥3,333.33… → ¥3,333; a base of JPY keeps whole yen", () => {
    const versions = [
      version({
        retainerId: "r",
        clientId: "c",
        effectiveAt: at("2025-01-01"),
        currency: "JPY",
        unitAmount: 10_000n,
        interval: "quarter",
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "JPY", rates: [], asOf });
    expect(row(result, "2025-01").endMrr).toBe(3_333n);
    expect(formatMinor(3_333n, "JPY")).toBe("3333");
  });

  it("KWD (exponent 3): 1.000 KWD per year = 0.083333… → 0.083 KWD; formatted with three decimals", () => {
    const versions = [
      version({
        retainerId: "r",
        clientId: "c",
        effectiveAt: at("2025-01-01"),
        currency: "KWD",
        unitAmount: 1_000n,
        interval: "year",
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "KWD", rates: [], asOf });
    expect(row(result, "2025-01").endMrr).toBe(83n);
    expect(formatMinor(83n, "KWD")).toBe("0.083");
  });

  it("converts JPY and KWD into a USD base exactly at the recorded rate, rounding once per client, and states the rate", () => {
    const versions = [
      version({
        retainerId: "jpy",
        clientId: "c",
        effectiveAt: at("2025-01-01"),
        currency: "JPY",
        unitAmount: 150_000n,
      }),
      version({
        retainerId: "kwd",
        clientId: "c",
        effectiveAt: at("2025-01-01"),
        currency: "KWD",
        unitAmount: 100_500n,
      }),
    ];
    const rates = [
      { currency: "JPY", day: "2025-01-01", rate: "0.0066667" },
      { currency: "KWD", day: "2024-12-31", rate: "3.2468" },
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates, asOf });
    // ¥150,000 × 0.0066667 = $1,000.005 ; 100.500 KWD × 3.2468 = $326.3034 ; sum $1,326.3084 → $1,326.31
    expect(row(result, "2025-01").endMrr).toBe(132_631n);
    expect(row(result, "2025-01").ratesUsed).toEqual([
      { currency: "JPY", rate: "0.0066667", day: "2025-01-01" },
      { currency: "KWD", rate: "3.2468", day: "2024-12-31" },
    ]);
  });

  it("FX changes create no movement: a new rate shows as fxAdjustment, movements stay zero", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-01-01"), currency: "EUR", unitAmount: 10_000n }),
    ];
    const rates = [
      { currency: "EUR", day: "2025-01-01", rate: "1.10" },
      { currency: "EUR", day: "2025-02-15", rate: "1.05" },
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates, asOf });
    const february = row(result, "2025-02");
    expect(row(result, "2025-01").endMrr).toBe(11_000n);
    expect(february.startMrr).toBe(10_500n);
    expect(february.fxAdjustment).toBe(-500n);
    expect(february.expansion + february.contraction + february.churn + february.newMrr).toBe(0n);
    expect(february.endMrr).toBe(10_500n);
  });

  it("a currency with no recorded rate is left out and named in missingRates", () => {
    const versions = [version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-01-01"), currency: "GBP" })];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-01").endMrr).toBe(0n);
    expect(row(result, "2025-01").missingRates).toEqual(["GBP"]);
  });

  it("a month with no changes: start = end, every movement zero", () => {
    const versions = [
      version({
        retainerId: "r",
        clientId: "c",
        effectiveAt: at("2025-01-01"),
        unitAmount: 20_000n,
        interval: "quarter",
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    const june = row(result, "2025-06");
    expect(june).toMatchObject({
      startMrr: 6_667n,
      endMrr: 6_667n,
      newMrr: 0n,
      expansion: 0n,
      contraction: 0n,
      churn: 0n,
      reactivation: 0n,
      fxAdjustment: 0n,
    });
  });

  it("one of several retainers cancelled is contraction, not churn (ChartMogul)", () => {
    const versions = [
      version({ retainerId: "a", clientId: "c", effectiveAt: at("2025-01-01") }),
      version({
        retainerId: "b",
        clientId: "c",
        effectiveAt: at("2025-01-01"),
        unitAmount: 5_000n,
        endsAt: at("2025-03-01"),
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-03")).toMatchObject({ contraction: 5_000n, churn: 0n });
    expect(row(result, "2025-03").customers.churned).toBe(0);
  });

  it("cancel at period end: ends_at on the 1st recognises churn in that month, not the month the customer asked", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-01-01") }),
      version({
        retainerId: "r",
        clientId: "c",
        version: 2,
        effectiveAt: at("2025-05-12"),
        startsAt: at("2025-01-01"),
        endsAt: at("2025-06-01"),
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-05").churn).toBe(0n);
    expect(row(result, "2025-06").churn).toBe(10_000n);
  });

  it("an amount discount larger than the charge floors the retainer at zero (never negative)", () => {
    const versions = [
      version({
        retainerId: "r",
        clientId: "c",
        effectiveAt: at("2025-01-01"),
        discountKind: "amount",
        discountAmount: 50_000n,
        discountDuration: "forever",
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(row(result, "2025-01").endMrr).toBe(0n);
  });

  it("the running month closes at asOf, and fromMonth/toMonth bound the report but not the history", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2024-01-01"), endsAt: at("2024-03-01") }),
      version({ retainerId: "s", clientId: "c", effectiveAt: at("2025-02-20") }),
    ];
    const result = computeRevenue({
      versions,
      baseCurrency: "USD",
      rates: [],
      asOf: at("2025-02-10"),
      fromMonth: "2025-01",
    });
    expect(result.months.map((month) => month.month)).toEqual(["2025-01", "2025-02"]);
    expect(row(result, "2025-02").endMrr).toBe(0n); // starts after asOf
    const later = computeRevenue({
      versions,
      baseCurrency: "USD",
      rates: [],
      asOf: at("2025-03-10"),
      fromMonth: "2025-01",
    });
    expect(row(later, "2025-02").reactivation).toBe(10_000n); // paid in 2024: reactivation, not new
  });
});
