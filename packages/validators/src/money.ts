// dinero.js's bigint build: intermediate values (amount × quantity × basis points, amount ×
// seconds in a proration) never lose precision; results are checked back into ±(2^53 − 1).
import { add, allocate, dinero, halfEven, multiply, subtract, toDecimal, toSnapshot, transformScale, type Dinero } from "dinero.js/bigint";
import * as DINERO_CURRENCIES from "dinero.js/bigint/currencies";
import { z } from "zod";

/**
 * Money, one rule everywhere (database, API, UI): an amount is an **integer number of minor
 * units** (cents, yen, fils) of an ISO 4217 currency, within ±(2^53 − 1) — the range a JSON
 * number carries exactly, enforced by CHECK constraints on every bigint money column too, so
 * an amount never loses precision on the wire. Inputs also accept the same integer written as a
 * decimal string ("1999"), for clients that hold amounts as bigints; outputs are always
 * numbers. Arithmetic and formatting go through dinero.js v2 (never floats); currency
 * exponents come from its ISO 4217 table (JPY 0, USD 2, KWD 3).
 */

export interface CurrencyInfo {
  code: string;
  /** Digits after the decimal point: minor units per major unit = 10^exponent. */
  exponent: number;
}

type DineroCurrencyBigint = { code: string; base: bigint | readonly bigint[]; exponent: bigint };

/** ISO 4217 currencies with a decimal minor unit (MGA and MRU, whose minor unit is 1/5, are left out). */
const CURRENCY_TABLE: ReadonlyMap<string, DineroCurrencyBigint> = new Map(
  (Object.values(DINERO_CURRENCIES) as DineroCurrencyBigint[])
    .filter((currency) => currency.base === 10n)
    .map((currency) => [currency.code, currency] as const)
    .sort(([a], [b]) => a.localeCompare(b)),
);

export const CURRENCY_CODES = [...CURRENCY_TABLE.keys()] as [string, ...string[]];

/** The currencies offered first in pickers. */
export const COMMON_CURRENCY_CODES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "NOK", "DKK", "KWD"] as const;

export function isCurrencyCode(value: string): boolean {
  return CURRENCY_TABLE.has(value);
}

export function currencyInfo(code: string): CurrencyInfo {
  const currency = CURRENCY_TABLE.get(code);
  if (!currency) throw new RangeError(`Unknown currency ${code}`);
  return { code: currency.code, exponent: Number(currency.exponent) };
}

export const UNKNOWN_CURRENCY_MESSAGE = "Unknown currency: use an ISO 4217 code such as USD, EUR or JPY";

/** An ISO 4217 code we can bill in (upper case, three letters, in the table). */
export const isoCurrencySchema = z.enum(CURRENCY_CODES, { error: UNKNOWN_CURRENCY_MESSAGE });

export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;
const FRACTION_MESSAGE = "Use a whole number of minor units (cents), not a fraction";
const RANGE_MESSAGE = `Amounts must be within ±${MAX_MINOR_UNITS} minor units`;

/**
 * Minor units from a client: a JSON integer, or the same integer as a decimal string. Refuses
 * fractions, exponents, and anything beyond ±(2^53 − 1) (a JSON number that large is already
 * imprecise, so it is refused rather than silently rounded).
 */
export function minorUnitsInput(options: { min: number; minMessage: string }) {
  const min = Math.max(options.min, -MAX_MINOR_UNITS);
  const minMessage = options.min > -MAX_MINOR_UNITS ? options.minMessage : RANGE_MESSAGE;
  const bounded = z.number().int(FRACTION_MESSAGE).min(min, minMessage).max(MAX_MINOR_UNITS, RANGE_MESSAGE);
  const asString = z
    .string()
    .regex(/^-?\d{1,16}$/)
    .refine((value) => Number.isSafeInteger(Number(value)), RANGE_MESSAGE)
    .transform((value) => Number(value))
    .pipe(bounded);
  // One message for the whole union, naming what is wrong with this value.
  const explain = (input: unknown) => {
    const value = typeof input === "string" && /^-?\d{1,16}$/.test(input) ? Number(input) : input;
    if (typeof value === "string") return "Send the amount as whole minor units, e.g. 1999 for 19.99";
    if (typeof value !== "number" || !Number.isFinite(value))
      return "Send the amount as an integer number of minor units (or the same integer as a string)";
    if (!Number.isInteger(value)) return FRACTION_MESSAGE;
    if (Math.abs(value) > MAX_MINOR_UNITS) return RANGE_MESSAGE;
    if (value < min) return minMessage;
    return RANGE_MESSAGE;
  };
  return z.union([bounded, asString], { error: (issue) => explain(issue.input) });
}

/** ≥ 0 minor units (prices, tax). */
export const amountInputSchema = minorUnitsInput({ min: 0, minMessage: "Amounts cannot be negative" });
/** ≥ 1 minor unit (payments, refunds). */
export const positiveAmountInputSchema = minorUnitsInput({ min: 1, minMessage: "The amount must be at least one minor unit" });
/** Signed minor units (a credit line). */
export const signedAmountInputSchema = minorUnitsInput({ min: -MAX_MINOR_UNITS, minMessage: RANGE_MESSAGE });

/** An amount the API sends: an integer number of minor units (see the module comment). */
export const amountOutputSchema = z.number().int();

// ── Arithmetic (dinero.js) ──────────────────────────────────────────────────────────────────

function dineroCurrency(code: string) {
  const currency = CURRENCY_TABLE.get(code);
  if (!currency) throw new RangeError(`Unknown currency ${code}`);
  return currency as { code: string; base: bigint; exponent: bigint };
}

export function toDinero(amount: number, currency: string): Dinero<bigint> {
  assertMinorUnits(amount);
  return dinero({ amount: BigInt(amount), currency: dineroCurrency(currency) });
}

function assertMinorUnits(amount: number) {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${amount} is not a whole number of minor units within ±(2^53 − 1)`);
}

const MAX_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Back to minor units at the currency's own exponent (rounding half to even if a scale grew). */
export function toMinorUnits(value: Dinero<bigint>): number {
  const snapshot = toSnapshot(value);
  const scaled = snapshot.scale === snapshot.currency.exponent ? value : transformScale(value, snapshot.currency.exponent, halfEven);
  const amount = toSnapshot(scaled).amount;
  if (amount > MAX_BIG || amount < -MAX_BIG) throw new RangeError(`${amount} minor units is beyond ±(2^53 − 1)`);
  return Number(amount);
}

/** a + b (same currency). */
export function addMinor(a: number, b: number, currency: string): number {
  return toMinorUnits(add(toDinero(a, currency), toDinero(b, currency)));
}

/** a − b (same currency). */
export function subtractMinor(a: number, b: number, currency: string): number {
  return toMinorUnits(subtract(toDinero(a, currency), toDinero(b, currency)));
}

/** The sum of amounts in one currency. */
export function sumMinor(amounts: readonly number[], currency: string): number {
  return toMinorUnits(amounts.reduce((total, amount) => add(total, toDinero(amount, currency)), toDinero(0, currency)));
}

/** unit × quantity (a whole quantity). */
export function multiplyMinor(unitAmount: number, quantity: number, currency: string): number {
  if (!Number.isSafeInteger(quantity)) throw new RangeError("quantity must be an integer");
  return toMinorUnits(multiply(toDinero(unitAmount, currency), BigInt(quantity)));
}

/** `basisPoints` / 10,000 of an amount (a percent discount, a tax rate), rounded half to even. */
export function percentOfMinor(amount: number, basisPoints: number, currency: string): number {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) throw new RangeError("basis points must be 0..10000");
  return toMinorUnits(multiply(toDinero(amount, currency), { amount: BigInt(basisPoints), scale: 4n }));
}

/**
 * Splits an amount into parts proportional to `ratios` (whole non-negative numbers) without
 * losing or inventing a minor unit: the parts always add up to the amount (dinero's allocate).
 */
export function allocateMinor(amount: number, ratios: readonly number[], currency: string): number[] {
  if (ratios.length === 0 || ratios.every((ratio) => ratio === 0)) return ratios.map(() => 0);
  return allocate(
    toDinero(amount, currency),
    ratios.map((ratio) => BigInt(Math.round(ratio))),
  ).map(toMinorUnits);
}

/**
 * The share of `amount` for `part` out of `whole` (e.g. the seconds left in a billing period),
 * as whole minor units: the first part of allocating the amount [part, whole − part].
 */
export function prorateMinor(amount: number, part: number, whole: number, currency: string): number {
  if (whole <= 0 || part <= 0) return 0;
  if (part >= whole) return amount;
  return allocateMinor(amount, [Math.round(part), Math.round(whole - part)], currency)[0]!;
}

// ── Formatting and parsing for the UI ───────────────────────────────────────────────────────

/** The amount as a plain decimal string in major units: 1999 USD → "19.99", 1000 KWD → "1.000", 500 JPY → "500". */
export function toMajorString(amount: number, currency: string): string {
  return toDecimal(toDinero(amount, currency));
}

/** "$19.99", "¥500", "KWD 1.000" — the currency's own exponent, exact (formatted from the decimal string). */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  const { exponent } = currencyInfo(currency);
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl formats a decimal string exactly (no float round trip); the cast is for TS's lib typing.
  return format.format(toMajorString(amount, currency) as unknown as number);
}

export const MAJOR_AMOUNT_MESSAGE = "Enter an amount like 19.99";

/**
 * What a person typed ("1,234.5", "19.99", "500") → minor units of `currency`, or null when it
 * is not an amount or has more decimals than the currency has (0.001 USD, 1.5 JPY).
 */
export function parseMajorToMinor(input: string, currency: string): number | null {
  const { exponent } = currencyInfo(currency);
  const cleaned = input.trim().replace(/[,\s]/g, "");
  const match = /^(-?)(\d{1,16})(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > exponent) return null;
  const minor = BigInt(whole!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, "0") || "0");
  const value = Number(sign === "-" ? -minor : minor);
  return Number.isSafeInteger(value) ? value : null;
}
