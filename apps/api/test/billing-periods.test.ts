import { describe, expect, it } from "vitest";
import { addMonths, chargeFor, periodContaining, proration, type Terms } from "../src/billing/services/periods";

const terms = (patch: Partial<Terms> = {}): Terms => ({
  unitAmount: 100_000,
  quantity: 1,
  interval: "month",
  currency: "USD",
  startsAt: new Date("2026-01-31T00:00:00Z"),
  endsAt: null,
  trialEndsAt: null,
  discountKind: null,
  discountPercentBp: null,
  discountAmount: null,
  discountDuration: null,
  discountMonths: null,
  discountStartsAt: null,
  ...patch,
});

describe("billing periods", () => {
  it("step by calendar months from the anchor, clamped to the month's end", () => {
    const anchor = new Date("2026-01-31T00:00:00Z");
    expect(addMonths(anchor, 1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(addMonths(anchor, 2).toISOString()).toBe("2026-03-31T00:00:00.000Z");
    expect(addMonths(anchor, 13).toISOString()).toBe("2027-02-28T00:00:00.000Z");
    const period = periodContaining(anchor, "month", new Date("2026-03-15T12:00:00Z"))!;
    expect([period.start.toISOString(), period.end.toISOString(), period.index]).toEqual(["2026-02-28T00:00:00.000Z", "2026-03-31T00:00:00.000Z", 1]);
    expect(periodContaining(anchor, "quarter", new Date("2026-05-01T00:00:00Z"))!.start.toISOString()).toBe("2026-04-30T00:00:00.000Z");
    expect(periodContaining(anchor, "year", new Date("2026-01-30T00:00:00Z"))).toBeNull();
  });

  it("apply a discount once, for N months or forever", () => {
    const percent = { discountKind: "percent" as const, discountPercentBp: 2_500, discountStartsAt: new Date("2026-01-31T00:00:00Z") };
    const first = new Date("2026-01-31T00:00:00Z");
    const third = new Date("2026-03-31T00:00:00Z");
    expect(chargeFor(terms({ ...percent, discountDuration: "once" }), first).net).toBe(75_000);
    expect(chargeFor(terms({ ...percent, discountDuration: "once" }), third).net).toBe(100_000);
    expect(chargeFor(terms({ ...percent, discountDuration: "repeating", discountMonths: 3 }), third).net).toBe(75_000);
    expect(chargeFor(terms({ ...percent, discountDuration: "repeating", discountMonths: 2 }), third).net).toBe(100_000);
    expect(chargeFor(terms({ ...percent, discountDuration: "forever" }), new Date("2030-01-31T00:00:00Z")).net).toBe(75_000);
    const amountOff = { discountKind: "amount" as const, discountAmount: 250_000, discountDuration: "forever" as const };
    expect(chargeFor(terms(amountOff), first)).toEqual({ gross: 100_000, discount: 100_000, net: 0 });
  });

  it("prorate a mid-period change: credit the unused old terms, charge the rest on the new ones", () => {
    const before = terms({ startsAt: new Date("2026-04-01T00:00:00Z") });
    const after = { ...before, quantity: 2 };
    // April has 30 days; the change is after 10 of them: 20/30 remain.
    const result = proration(before, after, new Date("2026-04-11T00:00:00Z"));
    expect(result).toMatchObject({ oldAmount: 100_000, newAmount: 200_000, credit: -66_667, charge: 133_334, net: 66_667 });
    expect(result.period).toEqual({ start: "2026-04-01T00:00:00.000Z", end: "2026-05-01T00:00:00.000Z" });
    expect(result.explanation).toMatch(/20 of 30 days remain/);
    // JPY: no fractional yen.
    const yen = proration(terms({ currency: "JPY", unitAmount: 10_000, startsAt: before.startsAt }), terms({ currency: "JPY", unitAmount: 7_000, startsAt: before.startsAt }), new Date("2026-04-21T00:00:00Z"));
    expect([yen.credit, yen.charge, yen.net]).toEqual([-3_333, 2_333, -1_000]);
    // Before the start: nothing to prorate.
    expect(proration(before, after, new Date("2026-03-01T00:00:00Z")).net).toBe(0);
  });
});
