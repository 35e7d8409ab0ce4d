import { describe, expect, it } from "vitest";
import { formatMoney, minorDigits, minorToAmountInput, parseAmountInput } from "./money";

describe("formatMoney", () => {
  it("formats minor units with the currency's own decimals", () => {
    expect(formatMoney(1234567, "USD")).toBe("$12,345.67");
    expect(formatMoney(1200, "JPY")).toBe("¥1,200");
    expect(formatMoney(5, "EUR")).toBe("€0.05");
    expect(formatMoney(1234, "KWD")).toContain("1.234");
  });

  it("takes the decimals from the ISO 4217 table the API bills with, not the browser's display digits", () => {
    // Intl shows HUF and IQD without decimals; their minor units are still 1/100 and 1/1000.
    expect(formatMoney(123456, "HUF")).toContain("1,234.56");
    expect(formatMoney(1500, "IQD")).toContain("1.500");
    expect(minorDigits("HUF")).toBe(2);
    expect(parseAmountInput("10", "HUF")).toEqual({ ok: true, minor: 1000 });
  });

  it("does not throw on an unknown currency code", () => {
    expect(formatMoney(150, "ZZZ")).toContain("1.50");
  });
});

describe("parseAmountInput", () => {
  it("converts decimals to minor units exactly", () => {
    expect(parseAmountInput("12,345.67", "USD")).toEqual({ ok: true, minor: 1234567 });
    expect(parseAmountInput("0.29", "USD")).toEqual({ ok: true, minor: 29 });
    expect(parseAmountInput(" 99.5 ", "EUR")).toEqual({ ok: true, minor: 9950 });
    expect(parseAmountInput("1200", "JPY")).toEqual({ ok: true, minor: 1200 });
    expect(parseAmountInput(".5", "USD")).toEqual({ ok: true, minor: 50 });
  });

  it("treats blank as no budget", () => {
    expect(parseAmountInput("  ", "USD")).toEqual({ ok: true, minor: null });
  });

  it("explains what is wrong", () => {
    expect(parseAmountInput("12.345", "USD")).toEqual({ ok: false, error: "Use at most 2 decimals" });
    expect(parseAmountInput("12.5", "JPY")).toEqual({ ok: false, error: "JPY amounts have no decimals" });
    expect(parseAmountInput("-3", "USD")).toEqual({ ok: false, error: "Budget cannot be negative" });
    expect(parseAmountInput("ten", "USD")).toEqual({ ok: false, error: "Enter an amount like 12500.00" });
    expect(parseAmountInput("99999999999999999", "USD")).toEqual({ ok: false, error: "That amount is too large" });
  });

  it("round-trips with minorToAmountInput", () => {
    for (const [minor, currency] of [
      [1234567, "USD"],
      [5, "EUR"],
      [1200, "JPY"],
      [0, "USD"],
    ] as const) {
      expect(parseAmountInput(minorToAmountInput(minor, currency), currency)).toEqual({ ok: true, minor });
    }
    expect(minorToAmountInput(5, "USD")).toBe("0.05");
    expect(minorToAmountInput(null, "USD")).toBe("");
    expect(minorDigits("JPY")).toBe(0);
  });
});
