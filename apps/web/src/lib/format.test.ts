import { describe, expect, it } from "vitest";
import { formatAgo, formatLatency, formatUptime } from "./format";

describe("formatUptime", () => {
  it.each([
    [0, "0 s"],
    [59, "59 s"],
    [60, "1 min"],
    [3_599, "59 min"],
    [3_600, "1 h"],
    [7_500, "2 h 5 min"],
    [86_400, "1 d"],
    [273_600, "3 d 4 h"],
    [-5, "0 s"],
  ])("%i s → %s", (seconds, text) => expect(formatUptime(seconds)).toBe(text));
});

describe("formatLatency", () => {
  it("handles unknown, sub-millisecond and normal latencies", () => {
    expect(formatLatency(null)).toBe("—");
    expect(formatLatency(0.4)).toBe("<1 ms");
    expect(formatLatency(12.6)).toBe("13 ms");
  });
});

describe("formatAgo", () => {
  it("reads as just now, seconds, then minutes", () => {
    const now = Date.parse("2026-01-01T00:10:00Z");
    expect(formatAgo("2026-01-01T00:09:59Z", now)).toBe("just now");
    expect(formatAgo("2026-01-01T00:09:30Z", now)).toBe("30 s ago");
    expect(formatAgo("2026-01-01T00:05:00Z", now)).toBe("5 min ago");
  });
});
