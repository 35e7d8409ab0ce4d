import { z } from "zod";
import { storableString } from "./primitives";

/**
 * A person's time zone: an IANA name ("America/New_York"), stored on the user (null = UTC). It
 * decides their calendar day — My work's "today" and when "due tomorrow" is sent. Only names the
 * runtime's Intl knows are accepted, in the runtime's own spelling, so every later use of a
 * stored name (here, in the API, in the browser) computes the same day.
 */

/** Longer than any IANA name (the longest is 30 characters); the column's CHECK says the same. */
export const TIME_ZONE_MAX_LENGTH = 64;
export const TIME_ZONE_LENGTH_MESSAGE = `A time zone name has at most ${TIME_ZONE_MAX_LENGTH} characters`;
export const UNKNOWN_TIME_ZONE_MESSAGE =
  "Unknown time zone: choose one from the list (an IANA name such as Europe/Paris, America/New_York or UTC)";

let known: ReadonlySet<string> | null | undefined;

/**
 * The zones this runtime knows: `Intl.supportedValuesOf("timeZone")` (canonical names) plus
 * "UTC", which V8 leaves out of that list. `null` where the runtime cannot list them (browsers
 * before 2022): then any name Intl accepts passes here and the API decides.
 */
function knownSet(): ReadonlySet<string> | null {
  if (known === undefined) {
    known =
      typeof Intl.supportedValuesOf === "function" ? new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]) : null;
  }
  return known;
}

/** Every zone a person may choose, sorted (for a picker); empty where the runtime cannot list them. */
export function knownTimeZones(): string[] {
  return [...(knownSet() ?? [])].sort();
}

/** An IANA-shaped name, for runtimes without a list: "UTC", "Area/Location", "Etc/GMT+5" — not "+05:00" or "EST5EDT". */
const IANA_NAME = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;

/**
 * The runtime's own spelling of a known zone, or null. Aliases and case are folded the way Intl
 * folds them ("us/eastern" → "America/New_York", "Etc/UTC" → "UTC"; on V8 "Asia/Kolkata" →
 * "Asia/Calcutta"); offsets ("+05:00") and POSIX rules ("EST5EDT") are refused.
 */
export function canonicalTimeZone(name: string): string | null {
  if (name.length === 0 || name.length > TIME_ZONE_MAX_LENGTH) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null; // RangeError: Intl does not know it
  }
  const list = knownSet();
  if (list === null) return IANA_NAME.test(resolved) ? resolved : null;
  if (list.has(resolved)) return resolved;
  return list.has(name) ? name : null;
}

/** True when both names are the same zone for this runtime ("Asia/Kolkata" and "Asia/Calcutta"). */
export function sameTimeZone(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = a ? (canonicalTimeZone(a) ?? a) : "UTC";
  const right = b ? (canonicalTimeZone(b) ?? b) : "UTC";
  return left === right;
}

/** A zone name from a person or a browser: bounded, known to this runtime, returned in its spelling. */
export const timeZoneSchema = storableString()
  .max(TIME_ZONE_MAX_LENGTH, TIME_ZONE_LENGTH_MESSAGE)
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value.trim());
    if (zone === null) {
      ctx.addIssue({ code: "custom", message: UNKNOWN_TIME_ZONE_MESSAGE, input: value });
      return z.NEVER;
    }
    return zone;
  });

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day (`YYYY-MM-DD`) of `instant` in `timeZone`; a missing zone, or one this runtime
 * does not know (stored by another version), is UTC — the same rule everywhere a day is computed.
 */
export function calendarDayIn(timeZone: string | null | undefined, instant: Date = new Date()): string {
  const key = timeZone || "UTC";
  let format = dayFormats.get(key);
  if (!format) {
    const zone = canonicalTimeZone(key) ?? "UTC";
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(key, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  return `${(parts.year ?? "").padStart(4, "0")}-${parts.month}-${parts.day}`;
}
