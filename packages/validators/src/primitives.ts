import { z } from "zod";

/**
 * The building blocks every input schema is made of: text, integers, dates and ids that are
 * valid for JavaScript *and* for the PostgreSQL column they end up in, so that bad input is a
 * 400 with a clear message instead of a database error (a 500).
 */

// ── Text ────────────────────────────────────────────────────────────────────────────────────

export const NUL_MESSAGE = "Text cannot contain the NUL character (U+0000)";
export const LONE_SURROGATE_MESSAGE = "Text contains an unpaired UTF-16 surrogate (not valid Unicode)";

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` can be stored in a PostgreSQL `text` column and encoded as UTF-8 unchanged. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/**
 * A string PostgreSQL can store: no NUL (a `text` value cannot hold U+0000 at all — the server
 * rejects it) and no lone surrogate (it has no UTF-8 encoding; it would be stored as U+FFFD or
 * refused). Still a `ZodString`, so `.min()`, `.regex()`, `.pipe()` chain as usual.
 */
export function storableString(): z.ZodString {
  return z
    .string()
    .refine((value) => !value.includes("\u0000"), NUL_MESSAGE)
    .refine((value) => !LONE_SURROGATE.test(value), LONE_SURROGATE_MESSAGE);
}

export interface TextOptions {
  /** Longest accepted length (after trimming), in UTF-16 code units. Every text has one. */
  max: number;
  maxMessage?: string;
  /** Shortest accepted length after trimming; none by default (empty allowed). */
  min?: number;
  minMessage?: string;
  /** Trim surrounding whitespace before the length checks. Default true; false for passwords and markdown. */
  trim?: boolean;
  /** Normalise case (after trimming): emails, labels, slugs, currency codes. */
  case?: "lower" | "upper";
}

/**
 * Free text from a user: names, labels, search terms, markdown bodies, emails. Storable (see
 * `storableString`), optionally trimmed and case-normalised, with a length range.
 */
export function text(options: TextOptions): z.ZodString {
  let schema = storableString();
  if (options.trim ?? true) schema = schema.trim();
  if (options.case === "lower") schema = schema.toLowerCase();
  if (options.case === "upper") schema = schema.toUpperCase();
  if (options.min !== undefined) schema = schema.min(options.min, options.minMessage);
  return schema.max(options.max, options.maxMessage);
}

// ── Integers ────────────────────────────────────────────────────────────────────────────────

/** PostgreSQL `integer` (int4). */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;
/** PostgreSQL `bigint` (int8). */
export const INT8_MAX = 9_223_372_036_854_775_807n;

export interface IntOptions {
  /** Message for a fraction (or a number beyond 2^53, which is not exact). */
  intMessage?: string;
  min?: number;
  minMessage?: string;
  max?: number;
  maxMessage?: string;
}

function boundedInt(floor: number, ceiling: number, options: IntOptions, kind: string): z.ZodNumber {
  const min = options.min ?? floor;
  const max = options.max ?? ceiling;
  // A schema wider than its column would let the database reject the value: a bug in the schema.
  if (min < floor || max > ceiling || min > max) throw new RangeError(`${kind} bounds ${min}..${max} are out of range`);
  return z.number().int(options.intMessage).min(min, options.minMessage).max(max, options.maxMessage);
}

/** An integer that fits a PostgreSQL `integer` column (versions, counts, page sizes). */
export function int4(options: IntOptions = {}): z.ZodNumber {
  return boundedInt(INT4_MIN, INT4_MAX, options, "int4");
}

/**
 * An integer JavaScript represents exactly (|n| ≤ 2^53 − 1; zod's `.int()` already refuses
 * larger ones), for `bigint` columns such as money in minor units.
 */
export function safeInteger(options: IntOptions = {}): z.ZodNumber {
  return boundedInt(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, options, "safe integer");
}

/** The `version` an editor saw (optimistic concurrency): 1 … int4 max, like the column. */
export const recordVersionSchema = int4({ min: 1, maxMessage: "This version does not exist" });

// ── Ids ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A `bigint` id (board event ids, audit entry ids) as a decimal string — JSON numbers lose
 * precision past 2^53. 0 … 9223372036854775807 (int8 max): a larger value is not an id the
 * database can hold, so it is refused here instead of failing the query.
 */
export function bigintIdString(message = "Use a whole number id between 0 and 9223372036854775807"): z.ZodString {
  return z
    .string()
    .regex(/^\d{1,19}$/, message)
    .refine((value) => !/^\d{1,19}$/.test(value) || BigInt(value) <= INT8_MAX, message);
}

/** True when `value` is a decimal id an int8 column can hold. */
export function isBigintId(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= INT8_MAX;
}

// ── Dates ───────────────────────────────────────────────────────────────────────────────────

/**
 * The years a calendar date or timestamp from a client may have. PostgreSQL has no year 0000
 * (it rejects `0000-01-01`), `YYYY-MM-DD` cannot write years past 9999, and nothing an agency
 * plans (due dates, project dates) falls outside 1900–2999; a date outside is a typo (a date
 * input mid-typing briefly holds years like 0002) or an attack.
 */
export const DATE_MIN_YEAR = 1900;
export const DATE_MAX_YEAR = 2999;
export const DATE_RANGE_MESSAGE = `Use a date between ${DATE_MIN_YEAR}-01-01 and ${DATE_MAX_YEAR}-12-31`;

const yearIsInRange = (year: number) => year >= DATE_MIN_YEAR && year <= DATE_MAX_YEAR;
/** The range check; a value in the wrong format passes it (the format check has reported it: one issue, not two). */
const dayInRange = (value: string) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || yearIsInRange(Number(value.slice(0, 4)));

/**
 * A calendar day, `YYYY-MM-DD` (no time zone: due dates are days). zod's ISO date format
 * already refuses days that do not exist (2026-02-30, 2025-02-29); the year must be in
 * DATE_MIN_YEAR…DATE_MAX_YEAR.
 */
export function isoDate(message = "Use a date like 2026-12-31") {
  return z.iso.date(message).refine(dayInRange, DATE_RANGE_MESSAGE);
}

/**
 * An ISO 8601 timestamp (`2026-12-31T23:59:59.000Z`; with `offset: true`, `+02:00` too) whose
 * year, in UTC, is in DATE_MIN_YEAR…DATE_MAX_YEAR.
 */
export function isoDateTime(options: { offset?: boolean; message?: string } = {}) {
  return z.iso
    .datetime({
      offset: options.offset ?? false,
      message: options.message ?? "Use a timestamp like 2026-12-31T23:59:59Z",
    })
    .refine((value) => {
      const year = new Date(value).getUTCFullYear();
      return Number.isNaN(year) || yearIsInRange(year);
    }, DATE_RANGE_MESSAGE);
}

// ── Cursors ─────────────────────────────────────────────────────────────────────────────────

export const CURSOR_MAX_LENGTH = 512;
export const INVALID_CURSOR_MESSAGE = "Invalid cursor: pass back the nextCursor of the previous page";

/** An opaque pagination cursor as the API hands it out: base64url, 1–512 characters. */
export function cursorString(): z.ZodString {
  return z
    .string()
    .min(1, INVALID_CURSOR_MESSAGE)
    .max(CURSOR_MAX_LENGTH, INVALID_CURSOR_MESSAGE)
    .regex(/^[A-Za-z0-9_-]*$/, INVALID_CURSOR_MESSAGE);
}
