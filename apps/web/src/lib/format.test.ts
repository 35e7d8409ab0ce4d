import { describe, expect, it } from "vitest";
import { formatAgo } from "./format";

describe("formatAgo", () => {
  it("reads as just now, seconds, then minutes", () => {
    const now = Date.parse("2026-01-01T00:10:00Z");
    expect(formatAgo("2026-01-01T00:09:59Z", now)).toBe("just now");
    expect(formatAgo("2026-01-01T00:09:30Z", now)).toBe("30 s ago");
    expect(formatAgo("2026-01-01T00:05:00Z", now)).toBe("5 min ago");
  });
});
