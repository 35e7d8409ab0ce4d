import { describe, expect, it } from "vitest";
import { computeRevenue, formatMinor, summarize } from "../../src/revenue";
import { at, version } from "./build";

const asOf = at("2025-12-31");

function movements(result: ReturnType<typeof computeRevenue>, month: string) {
  const row = result.months.find((candidate) => candidate.month === month);
  if (!row) throw new Error(`no row for ${month}`);
  return row;
}

/**
 * Worked examples from the anchors' documentation. Each test names its source; amounts are
 * minor units (cents).
 */
describe("revenue golden examples", () => {
  it("ChartMogul 'MRR movements' (help.chartmogul.com/hc/en-us/articles/201244842): 4 Gold yearly for $2,000 = $166.67 New Business; +2 Silver monthly $60 = Expansion; Silver cancelled = Contraction; Gold cancelled = Churn at period end; 3 Gold monthly = Reactivation", () => {
    const client = "syncalytics";
    const versions = [
      // Jan 10 2025: 4 × Gold yearly ($500) billed $2,000; paid until Jan 10 2026.
      version({
        retainerId: "gold",
        clientId: client,
        effectiveAt: at("2025-01-10"),
        unitAmount: 50_000n,
        quantity: 4,
        interval: "year",
      }),
      // Jan 14: adds 2 × Silver monthly ($30) = $60.
      version({
        retainerId: "silver",
        clientId: client,
        effectiveAt: at("2025-01-14"),
        unitAmount: 3_000n,
        quantity: 2,
      }),
      // Feb 3: Silver cancelled mid-cycle (cancellation takes effect now: end of service Feb 3).
      version({
        retainerId: "silver",
        clientId: client,
        version: 2,
        effectiveAt: at("2025-02-03"),
        startsAt: at("2025-01-14"),
        unitAmount: 3_000n,
        quantity: 2,
        status: "canceled",
        endsAt: at("2025-02-03"),
      }),
      // Nov 20: Gold cancelled at period end — service runs to Jan 10 2026, so churn is recognised then.
      version({
        retainerId: "gold",
        clientId: client,
        version: 2,
        effectiveAt: at("2025-11-20"),
        startsAt: at("2025-01-10"),
        unitAmount: 50_000n,
        quantity: 4,
        interval: "year",
        endsAt: at("2026-01-10"),
      }),
      // Mar 2026: re-subscribes to 3 × Gold monthly ($50).
      version({
        retainerId: "gold-2",
        clientId: client,
        effectiveAt: at("2026-03-05"),
        unitAmount: 5_000n,
        quantity: 3,
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf: at("2026-03-31") });

    const january = movements(result, "2025-01");
    expect(january.newMrr).toBe(16_667n + 6_000n); // both subscriptions started in the customer's first month
    expect(formatMinor(16_667n, "USD")).toBe("166.67");
    expect(result.clients.get("2025-01")?.[0]?.mrr).toBe(22_667n);

    const february = movements(result, "2025-02");
    expect(february.contraction).toBe(6_000n);
    expect(february.churn).toBe(0n);
    expect(february.endMrr).toBe(16_667n);

    expect(movements(result, "2025-12").churn).toBe(0n); // still paid up in December
    const january2026 = movements(result, "2026-01");
    expect(january2026.churn).toBe(16_667n);
    expect(january2026.customers.churned).toBe(1);

    const march2026 = movements(result, "2026-03");
    expect(march2026.reactivation).toBe(15_000n);
    expect(march2026.newMrr).toBe(0n);
    expect(march2026.customers.reactivated).toBe(1);
  });

  it("Stripe 'Billing metric definitions' (docs.stripe.com/billing/subscriptions/analytics/glossary): 100 × $100/month + 50 × $600/year = $12,500 MRR", () => {
    const versions = [
      ...Array.from({ length: 100 }, (_, index) =>
        version({ retainerId: `a${index}`, clientId: `a${index}`, effectiveAt: at("2025-03-01") }),
      ),
      ...Array.from({ length: 50 }, (_, index) =>
        version({
          retainerId: `b${index}`,
          clientId: `b${index}`,
          effectiveAt: at("2025-03-01"),
          unitAmount: 60_000n,
          interval: "year",
        }),
      ),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    // 100 × $100 + 50 × $50 = $12,500 (the doc's formula writes 800/12, its total uses 600/12).
    expect(movements(result, "2025-03").endMrr).toBe(1_250_000n);
    expect(summarize(result, "2025-03").arr).toBe(15_000_000n);
  });

  it("Baremetrics 'Monthly Recurring Revenue' (help.baremetrics.com/en/articles/5380330): $120 annual adds $10 MRR; a $10/month customer with a 50% lifetime coupon adds $5", () => {
    const versions = [
      version({
        retainerId: "annual",
        clientId: "c1",
        effectiveAt: at("2025-05-02"),
        unitAmount: 12_000n,
        interval: "year",
      }),
      version({
        retainerId: "coupon",
        clientId: "c2",
        effectiveAt: at("2025-05-02"),
        unitAmount: 1_000n,
        discountKind: "percent",
        discountPercentBp: 5_000,
        discountDuration: "forever",
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    const clients = new Map(result.clients.get("2025-05")?.map((row) => [row.clientId, row.mrr]));
    expect(clients.get("c1")).toBe(1_000n);
    expect(clients.get("c2")).toBe(500n);
  });

  it("upgrade mid-month (ChartMogul: 'an upgrade to a higher plan' is Expansion): $100 → $250 on the 17th counts the full $150 in that month, no proration", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-01-01") }),
      version({
        retainerId: "r",
        clientId: "c",
        version: 2,
        effectiveAt: at("2025-04-17"),
        startsAt: at("2025-01-01"),
        unitAmount: 25_000n,
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    const april = movements(result, "2025-04");
    expect(april.expansion).toBe(15_000n);
    expect(april.endMrr).toBe(25_000n);
  });

  it("discount expiring (ChartMogul: 'an expiring discount' is Expansion; Baremetrics: a recurring coupon lowers MRR while active): 20% off for 3 months from Feb 1 → $80 Feb–Apr, +$20 expansion in May", () => {
    const versions = [
      version({
        retainerId: "r",
        clientId: "c",
        effectiveAt: at("2025-02-01"),
        discountKind: "percent",
        discountPercentBp: 2_000,
        discountDuration: "repeating",
        discountMonths: 3,
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(movements(result, "2025-02").newMrr).toBe(8_000n);
    expect(movements(result, "2025-04").endMrr).toBe(8_000n);
    expect(movements(result, "2025-05").expansion).toBe(2_000n);
    expect(movements(result, "2025-05").endMrr).toBe(10_000n);
  });

  it("a once discount never touches MRR (Stripe support 'Billing analytics': finite-duration coupons leave MRR unaffected by default)", () => {
    const versions = [
      version({
        retainerId: "r",
        clientId: "c",
        effectiveAt: at("2025-02-01"),
        discountKind: "amount",
        discountAmount: 5_000n,
        discountDuration: "once",
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(movements(result, "2025-02").newMrr).toBe(10_000n);
    expect(movements(result, "2025-03").contraction + movements(result, "2025-03").expansion).toBe(0n);
  });

  it("adding a discount is Contraction (ChartMogul 'Data Table and MRR Movements': 'the addition of a discount')", () => {
    const versions = [
      version({ retainerId: "r", clientId: "c", effectiveAt: at("2025-01-01") }),
      version({
        retainerId: "r",
        clientId: "c",
        version: 2,
        effectiveAt: at("2025-06-10"),
        startsAt: at("2025-01-01"),
        discountKind: "amount",
        discountAmount: 1_500n,
        discountDuration: "forever",
      }),
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf });
    expect(movements(result, "2025-06").contraction).toBe(1_500n);
  });

  it("a back-dated correction flows through: a later-recorded version with an earlier effective_at changes past months", () => {
    const original = version({
      retainerId: "r",
      clientId: "c",
      effectiveAt: at("2025-01-01"),
      recordedAt: at("2025-01-01"),
    });
    const before = computeRevenue({ versions: [original], baseCurrency: "USD", rates: [], asOf });
    expect(movements(before, "2025-03").endMrr).toBe(10_000n);
    const correction = version({
      retainerId: "r",
      clientId: "c",
      version: 2,
      effectiveAt: at("2025-03-01"),
      recordedAt: at("2025-07-01"),
      startsAt: at("2025-01-01"),
      unitAmount: 12_000n,
    });
    const after = computeRevenue({ versions: [original, correction], baseCurrency: "USD", rates: [], asOf });
    expect(movements(after, "2025-02").endMrr).toBe(10_000n);
    expect(movements(after, "2025-03").expansion).toBe(2_000n);
    // Same effective_at, later recorded_at wins.
    const sameInstant = version({
      retainerId: "r",
      clientId: "c",
      version: 3,
      effectiveAt: at("2025-03-01"),
      recordedAt: at("2025-08-01"),
      startsAt: at("2025-01-01"),
      unitAmount: 11_000n,
    });
    const latest = computeRevenue({
      versions: [original, correction, sameInstant],
      baseCurrency: "USD",
      rates: [],
      asOf,
    });
    expect(movements(latest, "2025-03").endMrr).toBe(11_000n);
  });

  it("summary: NRR, GRR, logo churn and ARPA over 12 months", () => {
    const versions = [
      version({ retainerId: "a", clientId: "a", effectiveAt: at("2024-01-01") }), // $100 → $150
      version({
        retainerId: "a",
        clientId: "a",
        version: 2,
        effectiveAt: at("2024-06-01"),
        startsAt: at("2024-01-01"),
        unitAmount: 15_000n,
      }),
      version({ retainerId: "b", clientId: "b", effectiveAt: at("2024-01-01") }), // $100 → churn
      version({
        retainerId: "b",
        clientId: "b",
        version: 2,
        effectiveAt: at("2024-05-01"),
        startsAt: at("2024-01-01"),
        status: "canceled",
        endsAt: at("2024-05-01"),
      }),
      version({ retainerId: "c", clientId: "c", effectiveAt: at("2024-01-01") }), // $100 → $50
      version({
        retainerId: "c",
        clientId: "c",
        version: 2,
        effectiveAt: at("2024-07-01"),
        startsAt: at("2024-01-01"),
        unitAmount: 5_000n,
      }),
      version({ retainerId: "d", clientId: "d", effectiveAt: at("2024-09-01"), unitAmount: 40_000n }), // new: outside the cohort
    ];
    const result = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf: at("2024-12-31") });
    const summary = summarize(result, "2024-12");
    expect(summary.retentionCohort.customers).toBe(0); // no history 12 months before Dec 2024
    const later = computeRevenue({ versions, baseCurrency: "USD", rates: [], asOf: at("2025-01-15") });
    const january = summarize(later, "2025-01");
    expect(january.retentionCohort).toEqual({ customers: 3, startMrr: 30_000n, endMrr: 20_000n, retainedMrr: 15_000n });
    expect(january.nrrBp).toBe(6_667);
    expect(january.grrBp).toBe(5_000);
    expect(january.logoChurn12m).toEqual({ churned: 1, startCustomers: 3, rateBp: 3_333 });
    expect(january.mrr).toBe(60_000n);
    expect(january.arpa).toBe(20_000n);
    expect(january.arr).toBe(720_000n);
  });
});
