import { currencyInfo, isCurrencyCode } from "@agency/validators";

/**
 * Exact arithmetic for the revenue engine: every amount is a bigint in minor units (or a
 * bigint numerator over a bigint denominator); no float ever touches money. Exchange rates are
 * decimal strings turned into exact fractions.
 */

/** A non-negative exact fraction n/d (d > 0). */
export type Fraction = { n: bigint; d: bigint };

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** "1.0875" → 10875/10000, exactly. Throws on anything that is not a positive plain decimal. */
export function parseDecimal(text: string): Fraction {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal: ${text}`);
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  const d = 10n ** BigInt(fraction.length);
  const n = BigInt(whole + fraction);
  return { n, d };
}

/** Round a non-negative fraction to the nearest integer, halves away from zero (up). */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError("denominator must be positive");
  if (n < 0n) return -roundHalfUp(-n, d);
  return (2n * n + d) / (2n * d);
}

/**
 * Minor-unit exponent of an ISO 4217 currency (USD 2, JPY 0, KWD 3): the billing money table
 * (packages/validators/src/money.ts), ICU's data for a code outside it.
 */
const exponentCache = new Map<string, number>();
export function currencyExponent(currency: string): number {
  const cached = exponentCache.get(currency);
  if (cached !== undefined) return cached;
  const exponent = isCurrencyCode(currency)
    ? currencyInfo(currency).exponent
    : (new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2);
  exponentCache.set(currency, exponent);
  return exponent;
}

/** Format minor units for humans and CSV ("166.67", "1500", "12.345"); exact, no float. */
export function formatMinor(amount: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : `.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** A ratio in basis points (10000 = 100 %), rounded half up; null when the base is zero. */
export function ratioBp(numerator: bigint, denominator: bigint): number | null {
  if (denominator === 0n) return null;
  return Number(roundHalfUp(numerator * 10000n, denominator));
}
