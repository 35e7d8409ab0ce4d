import { describe, expect, it } from "vitest";
import { dateInputHint, formatDate, formatDateTime, todayIsoDate } from "./dates";

describe("one date style", () => {
  it("prints a calendar day as itself, never shifted by a time zone", () => {
    expect(formatDate("2026-12-07")).toBe("7 Dec 2026");
    expect(formatDate("2026-01-31")).toBe("31 Jan 2026");
  });

  it("prints an instant as its UTC day", () => {
    expect(formatDate("2026-11-24T23:30:00.000Z")).toBe("24 Nov 2026");
  });

  it("prints a moment as day, short month, year and a 24-hour time", () => {
    expect(formatDateTime("2026-12-07T14:05:22.000Z", "UTC")).toBe("7 Dec 2026, 14:05");
    expect(formatDateTime("2026-12-07T00:05:00.000Z", "UTC")).toBe("7 Dec 2026, 00:05");
    expect(formatDateTime("2026-12-07T23:30:00.000Z", "Asia/Tokyo")).toBe("8 Dec 2026, 08:30");
  });

  it("leaves what it cannot read as it is", () => {
    expect(formatDate("soon")).toBe("soon");
    expect(formatDateTime("soon")).toBe("soon");
  });

  it("knows today in the viewer's zone as YYYY-MM-DD", () => {
    expect(todayIsoDate(new Date(2026, 11, 7, 9))).toBe("2026-12-07");
  });
});

describe("date input hint", () => {
  it("spells out the chosen day beside the native input, and nothing when empty or half-typed", () => {
    expect(dateInputHint("2026-12-07")).toBe("Selected: 7 Dec 2026");
    expect(dateInputHint("")).toBeUndefined();
    expect(dateInputHint(null)).toBeUndefined();
  });
});
