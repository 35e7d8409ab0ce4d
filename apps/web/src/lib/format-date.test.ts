import { describe, expect, it } from "vitest";
import { formatDate } from "./format-date";

describe("formatDate", () => {
  it("prints day, short month and year in UTC", () => {
    expect(formatDate("2026-11-24T23:30:00.000Z")).toBe("24 Nov 2026");
  });
});
