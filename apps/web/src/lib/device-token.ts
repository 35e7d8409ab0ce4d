import { deviceTokenSchema } from "@agency/validators";

/**
 * OWASP's "device cookie": the API hands the web server a token after each successful sign-in
 * (and password reset); the browser keeps it in this httpOnly cookie and every later sign-in
 * sends it back, so failed attempts by strangers cannot lock the owner out of this browser.
 */
export const DEVICE_COOKIE = "agency-device";

/** About a year: the point is to remember browsers the owner really uses. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The device token in a raw Cookie header (next-auth's `authorize` sees headers, not a cookie
 * jar), only when it is well-formed: a junk value is ignored rather than sent, since the API
 * would refuse the whole sign-in as invalid input.
 */
export function deviceTokenFromCookieHeader(header: string | string[] | null | undefined): string | undefined {
  const raw = Array.isArray(header) ? header.join("; ") : (header ?? "");
  for (const part of raw.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== DEVICE_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (deviceTokenSchema.safeParse(value).success) return value;
  }
  return undefined;
}
