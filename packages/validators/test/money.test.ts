import { describe, expect, it } from "vitest";
import {
  addMinor,
  allocateMinor,
  amountInputSchema,
  currencyInfo,
  formatMoney,
  isoCurrencySchema,
  multiplyMinor,
  parseMajorToMinor,
  percentOfMinor,
  positiveAmountInputSchema,
  prorateMinor,
  signedAmountInputSchema,
  subtractMinor,
  sumMinor,
  toMajorString,
} from "../src/money";

describe("currencies and exponents", () => {
  it("knows JPY 0, USD 2, KWD 3 decimals", () => {
    expect(currencyInfo("JPY").exponent).toBe(0);
    expect(currencyInfo("USD").exponent).toBe(2);
    expect(currencyInfo("KWD").exponent).toBe(3);
  });

  it("refuses unknown, lower-case and non-decimal currencies with a clear message", () => {
    expect(isoCurrencySchema.safeParse("USD").success).toBe(true);
    for (const bad of ["XXX", "usd", "US", "DOLLAR", "MGA", ""]) {
      const result = isoCurrencySchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/Unknown currency/);
    }
  });
});

describe("minor units on the wire", () => {
  it("accepts integers and integer strings, returns numbers", () => {
    expect(amountInputSchema.parse(1999)).toBe(1999);
    expect(amountInputSchema.parse("1999")).toBe(1999);
    expect(signedAmountInputSchema.parse("-250")).toBe(-250);
    expect(amountInputSchema.parse(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(amountInputSchema.parse(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses fractions, negatives, zero payments and anything beyond 2^53 − 1", () => {
    expect(amountInputSchema.safeParse(19.99).error?.issues[0]?.message).toMatch(/whole number/);
    expect(amountInputSchema.safeParse(-1).error?.issues[0]?.message).toMatch(/negative/);
    expect(positiveAmountInputSchema.safeParse(0).error?.issues[0]?.message).toMatch(/at least one minor unit/);
    expect(amountInputSchema.safeParse("9007199254740992").error?.issues[0]?.message).toMatch(/within ±9007199254740991/);
    expect(amountInputSchema.safeParse("-5").error?.issues[0]?.message).toMatch(/negative/);
    expect(amountInputSchema.safeParse(2 ** 53).success).toBe(false);
    expect(amountInputSchema.safeParse("9007199254740992").success).toBe(false);
    expect(amountInputSchema.safeParse("12345678901234567890").success).toBe(false);
    expect(amountInputSchema.safeParse("19.99").success).toBe(false);
    expect(amountInputSchema.safeParse("1e3").success).toBe(false);
    expect(amountInputSchema.safeParse(Number.NaN).success).toBe(false);
    expect(amountInputSchema.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
    expect(amountInputSchema.safeParse(null).success).toBe(false);
    expect(signedAmountInputSchema.safeParse(-(2 ** 53)).success).toBe(false);
  });
});

describe("arithmetic in minor units (dinero.js)", () => {
  it("JPY: no fractional yen anywhere", () => {
    expect(addMinor(500, 250, "JPY")).toBe(750);
    expect(multiplyMinor(1234, 3, "JPY")).toBe(3702);
    // 10% of ¥1,005 is ¥100.5 → banker's rounding → ¥100
    expect(percentOfMinor(1005, 1000, "JPY")).toBe(100);
    expect(percentOfMinor(1015, 1000, "JPY")).toBe(102);
    expect(allocateMinor(1000, [1, 1, 1], "JPY")).toEqual([334, 333, 333]);
  });

  it("USD: cents add up exactly where floats would not", () => {
    expect(addMinor(10, 20, "USD")).toBe(30); // 0.10 + 0.20 = 0.30 (0.1 + 0.2 ≠ 0.3 in floats)
    expect(sumMinor([1999, 1, 5000], "USD")).toBe(7000);
    expect(subtractMinor(1000, 1999, "USD")).toBe(-999);
    expect(percentOfMinor(1999, 1550, "USD")).toBe(310); // 15.5% of $19.99 = $3.09845 → $3.10
    expect(allocateMinor(10000, [1, 2], "USD")).toEqual([3333, 6667]);
  });

  it("KWD: three decimals (fils)", () => {
    expect(addMinor(1500, 2255, "KWD")).toBe(3755);
    expect(multiplyMinor(1333, 3, "KWD")).toBe(3999);
    expect(percentOfMinor(1000, 2500, "KWD")).toBe(250);
    expect(toMajorString(3755, "KWD")).toBe("3.755");
  });

  it("prorates without losing a minor unit: credit + charge always add up", () => {
    const amount = 100_000;
    const credit = prorateMinor(amount, 17, 30, "USD");
    const rest = prorateMinor(amount, 13, 30, "USD");
    expect(credit).toBe(56_667);
    expect(credit + allocateMinor(amount, [17, 13], "USD")[1]!).toBe(amount);
    expect(rest).toBe(43_333);
    expect(credit + rest).toBe(amount);
    expect(prorateMinor(amount, 0, 30, "USD")).toBe(0);
    expect(prorateMinor(amount, 30, 30, "USD")).toBe(amount);
  });

  it("stays exact with amounts near 2^53 (bigint arithmetic inside)", () => {
    expect(percentOfMinor(Number.MAX_SAFE_INTEGER, 5_000, "USD")).toBe(4_503_599_627_370_496); // 4503599627370495.5 → half to even
    const year = 31_536_000;
    const share = prorateMinor(Number.MAX_SAFE_INTEGER, year - 1, year, "USD");
    expect(Number.isSafeInteger(share)).toBe(true);
    expect(share + prorateMinor(Number.MAX_SAFE_INTEGER, 1, year, "USD")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses to compute past 2^53 − 1 instead of returning an imprecise number", () => {
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1, "USD")).toThrow(RangeError);
    expect(() => multiplyMinor(2 ** 40, 2 ** 20, "USD")).toThrow(RangeError);
  });
});

describe("formatting and parsing", () => {
  it("formats each currency with its own decimals", () => {
    expect(formatMoney(123456, "USD")).toBe("$1,234.56");
    expect(formatMoney(500, "JPY")).toBe("¥500");
    expect(formatMoney(1500, "KWD")).toMatch(/^KWD\s1\.500$/);
    expect(formatMoney(-999, "USD")).toBe("-$9.99");
    expect(formatMoney(123456, "EUR", "de-DE")).toMatch(/^1\.234,56\s€$/);
    // Exact at the edge of the range (a float round trip would print …0992).
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "USD")).toBe("$90,071,992,547,409.91");
  });

  it("parses what people type into minor units, refusing too many decimals", () => {
    expect(parseMajorToMinor("19.99", "USD")).toBe(1999);
    expect(parseMajorToMinor("1,234.5", "USD")).toBe(123450);
    expect(parseMajorToMinor("500", "JPY")).toBe(500);
    expect(parseMajorToMinor("1.5", "JPY")).toBeNull();
    expect(parseMajorToMinor("1.255", "KWD")).toBe(1255);
    expect(parseMajorToMinor("0.001", "USD")).toBeNull();
    expect(parseMajorToMinor("abc", "USD")).toBeNull();
    expect(parseMajorToMinor("", "USD")).toBeNull();
  });
});
