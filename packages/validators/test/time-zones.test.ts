import { describe, expect, it } from "vitest";
import {
  calendarDayIn,
  canonicalTimeZone,
  knownTimeZones,
  NUL_MESSAGE,
  sameTimeZone,
  TIME_ZONE_LENGTH_MESSAGE,
  TIME_ZONE_MAX_LENGTH,
  timeZoneSchema,
  UNKNOWN_TIME_ZONE_MESSAGE,
  updateProfileInputSchema,
} from "../src";

const firstMessage = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("timeZoneSchema", () => {
  it.each(["America/New_York", "Asia/Tokyo", "Europe/Paris", "UTC", "Pacific/Kiritimati"])(
    "accepts %s as it is",
    (zone) => {
      expect(timeZoneSchema.parse(zone)).toBe(zone);
    },
  );

  it.each([
    ["an alias", "US/Eastern", "America/New_York"],
    ["another spelling of UTC", "Etc/UTC", "UTC"],
    ["the wrong case", "america/new_york", "America/New_York"],
    ["surrounding spaces", "  Asia/Tokyo ", "Asia/Tokyo"],
  ])("stores %s in the runtime's spelling", (_, input, stored) => {
    expect(timeZoneSchema.parse(input)).toBe(stored);
  });

  it.each([
    ["a made-up zone", "Mars/Olympus_Mons"],
    ["an offset", "+05:00"],
    ["a POSIX rule", "EST5EDT"],
    ["an abbreviation", "CEST"],
    ["an empty string", ""],
  ])("refuses %s with a message that says what to send", (_, input) => {
    expect(firstMessage(timeZoneSchema.safeParse(input))).toBe(UNKNOWN_TIME_ZONE_MESSAGE);
  });

  it("refuses a name longer than any zone before asking Intl", () => {
    expect(firstMessage(timeZoneSchema.safeParse(`Europe/${"x".repeat(TIME_ZONE_MAX_LENGTH)}`))).toBe(
      TIME_ZONE_LENGTH_MESSAGE,
    );
  });

  it("refuses text PostgreSQL cannot store with the usual message", () => {
    expect(firstMessage(timeZoneSchema.safeParse("Europe/Paris\u0000"))).toBe(NUL_MESSAGE);
  });

  it("refuses what is not a string", () => {
    expect(timeZoneSchema.safeParse(5).success).toBe(false);
    expect(timeZoneSchema.safeParse(null).success).toBe(false);
  });

  it("every listed zone is accepted unchanged, and the list has UTC", () => {
    const zones = knownTimeZones();
    expect(zones).toContain("UTC");
    expect(zones).toContain("America/New_York");
    for (const zone of zones) expect(canonicalTimeZone(zone)).toBe(zone);
    expect(Math.max(...zones.map((zone) => zone.length))).toBeLessThanOrEqual(TIME_ZONE_MAX_LENGTH);
  });

  it("treats aliases as the same zone, and null as UTC", () => {
    expect(sameTimeZone("Asia/Kolkata", "Asia/Calcutta")).toBe(true);
    expect(sameTimeZone(null, "Etc/UTC")).toBe(true);
    expect(sameTimeZone("Europe/Paris", "Europe/Berlin")).toBe(false);
  });
});

describe("calendarDayIn", () => {
  // 2031-03-09 23:30 UTC: already the 10th in Tokyo (UTC+9), still the 9th in New York.
  const instant = new Date("2031-03-09T23:30:00Z");

  it("is the day where the person is", () => {
    expect(calendarDayIn("UTC", instant)).toBe("2031-03-09");
    expect(calendarDayIn("Asia/Tokyo", instant)).toBe("2031-03-10");
    expect(calendarDayIn("America/New_York", instant)).toBe("2031-03-09");
  });

  it("follows daylight saving time (New York: UTC-5, then UTC-4 from 9 March 2031, 07:00 UTC)", () => {
    expect(calendarDayIn("America/New_York", new Date("2031-03-08T04:30:00Z"))).toBe("2031-03-07");
    expect(calendarDayIn("America/New_York", new Date("2031-03-08T05:30:00Z"))).toBe("2031-03-08");
    expect(calendarDayIn("America/New_York", new Date("2031-03-10T03:30:00Z"))).toBe("2031-03-09");
    expect(calendarDayIn("America/New_York", new Date("2031-03-10T04:30:00Z"))).toBe("2031-03-10");
  });

  it("a missing or unknown zone is UTC", () => {
    expect(calendarDayIn(null, instant)).toBe("2031-03-09");
    expect(calendarDayIn("Mars/Olympus_Mons", instant)).toBe("2031-03-09");
  });
});

describe("updateProfileInputSchema", () => {
  it("takes a name, a time zone, or both; null clears the zone", () => {
    expect(updateProfileInputSchema.parse({ name: "Ada" })).toEqual({ name: "Ada" });
    expect(updateProfileInputSchema.parse({ timeZone: "us/eastern" })).toEqual({ timeZone: "America/New_York" });
    expect(updateProfileInputSchema.parse({ timeZone: null })).toEqual({ timeZone: null });
  });

  it("refuses an empty change and names the field of a bad zone", () => {
    expect(updateProfileInputSchema.safeParse({}).success).toBe(false);
    const bad = updateProfileInputSchema.safeParse({ name: "Ada", timeZone: "Nowhere/Special" });
    expect(bad.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["timeZone"], UNKNOWN_TIME_ZONE_MESSAGE],
    ]);
  });
});
