import { INVALID_CURSOR_MESSAGE, isBigintId, storableString } from "@agency/validators";
import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * Keyset pagination cursors: the last row's sort key and id, base64url JSON.
 * Opaque to clients; a tampered or foreign cursor is a 400, never a 500: everything a cursor
 * decodes to is checked to be something the query can use (a JS Date, PostgreSQL text, an id
 * the column can hold) before any service sees it.
 */
export { encodeCursor } from "./cursor-encoding";

/**
 * Timestamps in cursors (ms since the epoch) are bounded to the years 0001–9999: what a JS Date,
 * Prisma's ISO serialisation and a PostgreSQL timestamptz all hold. (A JS Date alone reaches
 * ±275,760 years; PostgreSQL has no year 0 and Prisma writes years past 9999 as `+010000-…`.)
 */
export const CURSOR_TIME_MIN_MS = Date.parse("0001-01-01T00:00:00.000Z");
export const CURSOR_TIME_MAX_MS = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * A sort key as we encode it: PostgreSQL-storable text (names, tagged keys like "d:2026-12-31"),
 * or a timestamp in ms. Numbers are only ever timestamps, so 1e999, NaN-ish, fractions and
 * values no Date can hold are refused here for every list.
 */
const sortKeySchema = z.union([
  storableString().max(500),
  z.number().int().min(CURSOR_TIME_MIN_MS).max(CURSOR_TIME_MAX_MS),
]);

const uuidSchema = z.uuid();
/**
 * Our ids are uuids or int8 decimal strings, whatever the list: a cursor id that is neither
 * (19 digits past int8 max, NUL, …) is refused even when the caller's own id schema is looser.
 */
const anyIdSchema = z
  .string()
  .max(36)
  .refine((id) => uuidSchema.safeParse(id).success || isBigintId(id));

type SortKey = string | number;

/** The 400 a cursor that cannot be ours gets. */
export function invalidCursorError(): AppError {
  return new AppError("VALIDATION_ERROR", "Invalid cursor", {
    issues: [{ path: ["cursor"], message: INVALID_CURSOR_MESSAGE, code: "custom" }],
  });
}

/** Decodes a cursor whose id must match `idSchema` (uuid by default; e.g. a bigint string for audit ids). */
export function decodeCursor(cursor: string, idSchema: z.ZodType<string, string> = uuidSchema): [SortKey, string] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursorError();
  }
  const parsed = z.tuple([sortKeySchema, anyIdSchema.pipe(idSchema)]).safeParse(decoded);
  if (!parsed.success) throw invalidCursorError();
  return parsed.data;
}

/**
 * A cursor of a list sorted by a timestamp (created/updated at): the key as a valid Date.
 * Use instead of `new Date(Number(key))`, which turns a string key into an Invalid Date that
 * the query then fails on (a 500).
 */
export function decodeTimestampCursor(cursor: string, idSchema?: z.ZodType<string, string>): { at: Date; id: string } {
  const [key, id] = decodeCursor(cursor, idSchema);
  if (typeof key !== "number") throw invalidCursorError();
  return { at: new Date(key), id };
}

/** A cursor of a list sorted by text (a name): the key as a string; a number key is refused. */
export function decodeTextCursor(cursor: string, idSchema?: z.ZodType<string, string>): { key: string; id: string } {
  const [key, id] = decodeCursor(cursor, idSchema);
  if (typeof key !== "string") throw invalidCursorError();
  return { key, id };
}

const calendarDaySchema = z.iso.date().refine((day) => day >= "0001-01-01");

/**
 * A calendar day packed in a text key (e.g. the due-date list's "d:YYYY-MM-DD"), as the UTC
 * midnight Date a `date` column compares with. Only real days of years 0001–9999: JS's Date
 * would roll 2026-02-31 over to March and PostgreSQL refuses year 0000.
 */
export function cursorKeyDay(day: string): Date {
  if (!calendarDaySchema.safeParse(day).success) throw invalidCursorError();
  return new Date(`${day}T00:00:00.000Z`);
}

/**
 * A number packed in a text key (e.g. the board list's "todo:1024.5"): decimal or exponent
 * notation, finite only — "1e999" parses to Infinity, which a float8 comparison cannot take.
 */
export function cursorKeyNumber(text: string): number {
  if (!/^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(text)) throw invalidCursorError();
  const value = Number(text);
  if (!Number.isFinite(value)) throw invalidCursorError();
  return value;
}
