import { isStorableText } from "@agency/validators";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../../src/errors/app-error";
import {
  CURSOR_TIME_MAX_MS,
  CURSOR_TIME_MIN_MS,
  cursorKeyDay,
  cursorKeyNumber,
  decodeCursor,
  decodeTextCursor,
  decodeTimestampCursor,
  encodeCursor,
} from "../../src/lib/cursor";
import { encodeCursorLike, RawJson } from "./mutations";

const SEED = 7;
const isInvalidCursor = (error: unknown) =>
  error instanceof AppError && error.code === "VALIDATION_ERROR" && error.message === "Invalid cursor";

/** Decodes, or proves the failure is the 400 "Invalid cursor" (never another error: that would be a 500). */
function decodeOrInvalid<T>(decode: () => T): T | "invalid" {
  try {
    return decode();
  } catch (error) {
    if (!isInvalidCursor(error)) throw error;
    return "invalid";
  }
}

const uuid = z.uuid();
const bigintId = z.string().regex(/^\d{1,19}$/);

describe("decodeCursor", () => {
  it("round-trips every cursor the API encodes (timestamps, names, tagged keys; uuid and bigint ids)", () => {
    const key = fc.oneof(
      fc.integer({ min: CURSOR_TIME_MIN_MS, max: CURSOR_TIME_MAX_MS }),
      fc.string({ unit: "grapheme", maxLength: 120 }),
      fc
        .date({ noInvalidDate: true, min: new Date("1900-01-01"), max: new Date("2999-12-31") })
        .map((d) => `d:${d.toISOString().slice(0, 10)}`),
    );
    fc.assert(
      fc.property(key, fc.uuid(), (k, id) => {
        expect(decodeCursor(encodeCursor(k, id))).toEqual([k, id]);
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(decodeCursor(encodeCursor(1_700_000_000_000, "9223372036854775807"), bigintId)).toEqual([
      1_700_000_000_000,
      "9223372036854775807",
    ]);
  });

  it("turns any string into either checked values or the 400, nothing else", () => {
    const anyCursor = fc.oneof(
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.base64String({ maxLength: 80 }),
      fc.jsonValue({ maxDepth: 3 }).map((value) => encodeCursorLike(value)),
      fc
        .tuple(fc.jsonValue({ maxDepth: 1 }), fc.oneof(fc.uuid(), fc.string(), fc.jsonValue({ maxDepth: 1 })))
        .map(encodeCursorLike),
      fc
        .tuple(
          fc.constantFrom(
            new RawJson("1e999"),
            new RawJson("-1e999"),
            1e300,
            -8.64e15,
            2 ** 53,
            1.5,
            "a\u0000",
            "\uD800",
          ),
          fc.uuid(),
        )
        .map(encodeCursorLike),
    );
    fc.assert(
      fc.property(anyCursor, fc.boolean(), (cursor, audit) => {
        const decoded = decodeOrInvalid(() => decodeCursor(cursor, audit ? bigintId : uuid));
        if (decoded === "invalid") return;
        const [key, id] = decoded;
        if (typeof key === "number") {
          expect(Number.isSafeInteger(key)).toBe(true);
          expect(Number.isNaN(new Date(key).getTime())).toBe(false);
          expect(key).toBeGreaterThanOrEqual(CURSOR_TIME_MIN_MS);
          expect(key).toBeLessThanOrEqual(CURSOR_TIME_MAX_MS);
        } else {
          expect(isStorableText(key)).toBe(true);
        }
        if (audit) expect(BigInt(id) <= 9_223_372_036_854_775_807n).toBe(true);
        else expect(uuid.safeParse(id).success).toBe(true);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it("refuses an id past int8 max even when the caller's id schema is looser", () => {
    expect(decodeOrInvalid(() => decodeCursor(encodeCursor(1, "9999999999999999999"), bigintId))).toBe("invalid");
  });
});

describe("typed decoders", () => {
  const id = "4f1d3a52-0b8e-4c1e-9a51-5c5a3c1f2b7e";

  it("decodeTimestampCursor gives a valid Date, and refuses a text key", () => {
    expect(decodeTimestampCursor(encodeCursor(1_700_000_000_000, id))).toEqual({ at: new Date(1_700_000_000_000), id });
    expect(decodeOrInvalid(() => decodeTimestampCursor(encodeCursor("x", id)))).toBe("invalid");
    expect(decodeOrInvalid(() => decodeTimestampCursor(encodeCursor("1700000000000", id)))).toBe("invalid");
  });

  it("decodeTextCursor gives the text, and refuses a number key", () => {
    expect(decodeTextCursor(encodeCursor("Acme", id))).toEqual({ key: "Acme", id });
    expect(decodeOrInvalid(() => decodeTextCursor(encodeCursor(5, id)))).toBe("invalid");
  });

  it.each([
    ["2026-12-01", new Date("2026-12-01T00:00:00.000Z")],
    ["0001-01-01", new Date("0001-01-01T00:00:00.000Z")],
    ["9999-12-31", new Date("9999-12-31T00:00:00.000Z")],
    ["0000-01-01", "invalid"],
    ["2026-02-31", "invalid"],
    ["10000-01-01", "invalid"],
    ["2026-1-1", "invalid"],
    ["", "invalid"],
  ])("cursorKeyDay(%j) → %s", (day, expected) => {
    expect(decodeOrInvalid(() => cursorKeyDay(day))).toEqual(expected);
  });

  it.each([
    ["1024", 1024],
    ["-1.5", -1.5],
    ["1e-7", 1e-7],
    ["1.5e+21", 1.5e21],
    ["1e308", 1e308],
    ["1e999", "invalid"],
    ["-1e999", "invalid"],
    ["NaN", "invalid"],
    ["Infinity", "invalid"],
    ["0x10", "invalid"],
    ["", "invalid"],
    [" 1", "invalid"],
  ])("cursorKeyNumber(%j) → %s", (text, expected) => {
    expect(decodeOrInvalid(() => cursorKeyNumber(text))).toEqual(expected);
  });

  it("cursorKeyNumber reads back every position JavaScript prints", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (position) => {
        expect(cursorKeyNumber(String(position))).toBe(position === 0 ? 0 : position);
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});
