import { describe, expect, it } from "vitest";
import {
  bigintIdString,
  cursorString,
  DATE_RANGE_MESSAGE,
  INT4_MAX,
  int4,
  isBigintId,
  isoDate,
  isoDateTime,
  isStorableText,
  LONE_SURROGATE_MESSAGE,
  NUL_MESSAGE,
  recordVersionSchema,
  safeInteger,
  storableString,
  text,
} from "../src/primitives";

const firstMessage = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("storable text", () => {
  it.each([
    ["a NUL", "ab\u0000c", NUL_MESSAGE],
    ["only a NUL", "\u0000", NUL_MESSAGE],
    ["a lone high surrogate", "ab\uD800c", LONE_SURROGATE_MESSAGE],
    ["a lone high surrogate at the end", "ab\uDBFF", LONE_SURROGATE_MESSAGE],
    ["a lone low surrogate", "\uDC00ab", LONE_SURROGATE_MESSAGE],
    ["two surrogates in the wrong order", "\uDC00\uD800", LONE_SURROGATE_MESSAGE],
  ])("refuses %s with a clear message", (_, value, message) => {
    expect(isStorableText(value)).toBe(false);
    expect(firstMessage(storableString().safeParse(value))).toBe(message);
  });

  it.each([
    ["plain text", "Hello"],
    ["an empty string", ""],
    ["an emoji (a valid surrogate pair)", "ship it 🚀"],
    ["other control characters PostgreSQL stores", "tab\tnew\nline\u0001"],
    ["%, _ and \\", "100% of a_b\\c"],
  ])("accepts %s", (_, value) => {
    expect(isStorableText(value)).toBe(true);
    expect(storableString().safeParse(value).success).toBe(true);
  });
});

describe("text()", () => {
  const name = text({ min: 1, minMessage: "Name is required", max: 5, maxMessage: "Too long" });

  it("trims before checking lengths, keeping the field's messages", () => {
    expect(name.parse("  Ann  ")).toBe("Ann");
    expect(firstMessage(name.safeParse("   "))).toBe("Name is required");
    expect(firstMessage(name.safeParse("abcdef"))).toBe("Too long");
  });

  it("reports NUL first, before length rules", () => {
    expect(firstMessage(name.safeParse("\u0000"))).toBe(NUL_MESSAGE);
  });

  it("keeps text as typed with trim: false (markdown, passwords)", () => {
    expect(text({ trim: false, max: 10 }).parse("  **x**  ")).toBe("  **x**  ");
  });

  it("normalises case", () => {
    expect(text({ case: "lower", max: 10 }).parse(" ABC ")).toBe("abc");
    expect(text({ case: "upper", max: 10 }).parse("usd")).toBe("USD");
  });

  it("stays a ZodString (chains .regex, .pipe; feeds JSON Schema)", () => {
    const slug = text({ max: 10 }).regex(/^[a-z]+$/, "letters");
    expect(firstMessage(slug.safeParse("A1"))).toBe("letters");
  });
});

describe("integers", () => {
  it("int4 defaults to the column's range", () => {
    const n = int4();
    expect(n.safeParse(INT4_MAX).success).toBe(true);
    expect(n.safeParse(INT4_MAX + 1).success).toBe(false);
    expect(n.safeParse(-(2 ** 31)).success).toBe(true);
    expect(n.safeParse(-(2 ** 31) - 1).success).toBe(false);
  });

  it("refuses bounds wider than the column (a schema bug, caught at definition)", () => {
    expect(() => int4({ max: 2 ** 31 })).toThrow(RangeError);
    expect(() => safeInteger({ min: -(2 ** 53) })).toThrow(RangeError);
  });

  it.each([
    [0, false],
    [1, true],
    [INT4_MAX, true],
    [2 ** 31, false],
    [2 ** 53, false],
    [1.5, false],
    [Number.POSITIVE_INFINITY, false],
    [Number.NaN, false],
  ])("recordVersionSchema(%s) → %s", (value, ok) => {
    expect(recordVersionSchema.safeParse(value).success).toBe(ok);
  });

  it("safeInteger refuses what JavaScript cannot hold exactly", () => {
    const n = safeInteger({ min: 0, intMessage: "whole" });
    expect(n.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
    expect(n.safeParse(2 ** 53).success).toBe(false);
    expect(firstMessage(n.safeParse(1.5))).toBe("whole");
  });

  it("rejects numbers sent as strings (no coercion)", () => {
    expect(int4().safeParse("1").success).toBe(false);
  });
});

describe("bigint ids", () => {
  it.each([
    ["0", true],
    ["1", true],
    ["9223372036854775807", true],
    ["9223372036854775808", false],
    ["9999999999999999999", false],
    ["18446744073709551616", false],
    ["-1", false],
    ["1e3", false],
    ["", false],
    [" 1", false],
    ["0x10", false],
  ])("%j → %s", (value, ok) => {
    expect(bigintIdString().safeParse(value).success).toBe(ok);
    expect(isBigintId(value)).toBe(ok);
  });
});

describe("dates", () => {
  it.each([
    ["2026-12-31", true],
    ["1900-01-01", true],
    ["2999-12-31", true],
    ["2024-02-29", true],
    ["2025-02-29", false],
    ["2026-02-30", false],
    ["2026-13-01", false],
    ["0000-01-01", false],
    ["1899-12-31", false],
    ["3000-01-01", false],
    ["10000-01-01", false],
    ["2026-1-1", false],
    ["2026-12-31T00:00:00Z", false],
  ])("isoDate(%s) → %s", (value, ok) => {
    expect(isoDate().safeParse(value).success).toBe(ok);
  });

  it("names the range when the year is out of it, the format (only) when the format is wrong", () => {
    expect(
      isoDate()
        .safeParse("0000-01-01")
        .error?.issues.map((i) => i.message),
    ).toEqual([DATE_RANGE_MESSAGE]);
    expect(
      isoDate()
        .safeParse("31/12/2026")
        .error?.issues.map((i) => i.message),
    ).toEqual(["Use a date like 2026-12-31"]);
    expect(isoDateTime().safeParse("yesterday").error?.issues).toHaveLength(1);
  });

  it.each([
    ["2026-12-31T23:59:59Z", true],
    ["2026-12-31T23:59:59.123Z", true],
    ["0000-01-01T00:00:00Z", false],
    ["3000-01-01T00:00:00Z", false],
    ["2026-02-30T00:00:00Z", false],
    ["not a date", false],
  ])("isoDateTime(%s) → %s", (value, ok) => {
    expect(isoDateTime().safeParse(value).success).toBe(ok);
  });

  it("accepts offsets only when asked", () => {
    expect(isoDateTime().safeParse("2026-12-31T23:59:59+02:00").success).toBe(false);
    expect(isoDateTime({ offset: true }).safeParse("2026-12-31T23:59:59+02:00").success).toBe(true);
  });
});

describe("cursorString", () => {
  it.each([
    ["WyJ4IiwiMSJd", true],
    ["abc-_", true],
    ["", false],
    ["abc=", false],
    ["a b", false],
    ["a\u0000", false],
    ["x".repeat(513), false],
    ["x".repeat(512), true],
  ])("%j → %s", (value, ok) => {
    expect(cursorString().safeParse(value).success).toBe(ok);
  });
});
