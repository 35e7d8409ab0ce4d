import { currencyInfo, formatMoney as formatIsoMoney, isCurrencyCode } from "@agency/validators";

/**
 * Money on the wire is integer minor units plus an ISO 4217 currency (ARCHITECTURE.md).
 * The number of minor digits comes from the ISO 4217 table the API bills with (packages/validators:
 * USD 2, JPY 0, KWD 3, HUF 2, IQD 3), never from the browser's Intl, whose display digits differ
 * for some currencies (HUF and IQD show 0), and never a hard-coded 100.
 */
export function minorDigits(currency: string): number {
  return isCurrencyCode(currency) ? currencyInfo(currency).exponent : 2; // an unknown code: the API validates it
}

/** "$12,345.67" from 1234567 USD; "¥1,200" from 1200 JPY; "HUF 1,234.56" from 123456 HUF. */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  if (isCurrencyCode(currency)) return formatIsoMoney(minor, currency, locale);
  const digits = minorDigits(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

/** The decimal amount a form shows for minor units: 1234567 USD → "12345.67"; null → "". */
export function minorToAmountInput(minor: number | null, currency: string): string {
  if (minor === null) return "";
  const digits = minorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const text = String(abs).padStart(digits + 1, "0");
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export type ParsedAmount = { ok: true; minor: number | null } | { ok: false; error: string };

/**
 * A typed amount ("12,345.67", "1200", " 99.5 ") to minor units, exactly (string arithmetic,
 * no float rounding: 0.29 stays 29 cents). Blank means "no amount" (null).
 */
export function parseAmountInput(text: string, currency: string): ParsedAmount {
  const cleaned = text.trim().replace(/[\s,_]/g, "");
  if (cleaned === "") return { ok: true, minor: null };
  if (cleaned.startsWith("-")) return { ok: false, error: "Budget cannot be negative" };
  const digits = minorDigits(currency);
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === "" && !match[2])) return { ok: false, error: "Enter an amount like 12500.00" };
  const whole = match[1] || "0";
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    return {
      ok: false,
      error: digits === 0 ? `${currency} amounts have no decimals` : `Use at most ${digits} decimals`,
    };
  }
  const minor = Number(whole + fraction.padEnd(digits, "0"));
  if (!Number.isSafeInteger(minor)) return { ok: false, error: "That amount is too large" };
  return { ok: true, minor };
}
