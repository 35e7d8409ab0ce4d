import { describe, expect, it } from "vitest";
import { formatDateTime } from "./format-date-time";

describe("formatDateTime", () => {
  it("shows day, month, year and a 24-hour time to the second", () => {
    expect(formatDateTime("2026-03-12T14:03:22.000Z", "UTC")).toBe("12 Mar 2026, 14:03:22");
  });
});
