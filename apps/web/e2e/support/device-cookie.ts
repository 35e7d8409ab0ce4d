import { expect, type BrowserContext } from "@playwright/test";

/** The web app's device cookie (src/lib/device-token.ts). */
export const DEVICE_COOKIE = "agency-device";

/** Asserts the context holds the device cookie as specified: httpOnly, SameSite=Lax, path /, ~1 year; returns its value. */
export async function expectDeviceCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === DEVICE_COOKIE);
  expect(cookie, "device cookie").toBeDefined();
  expect(cookie!.value).toMatch(/^d1\./);
  expect(cookie!.httpOnly, "httpOnly").toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
  expect(cookie!.path).toBe("/");
  const days = (cookie!.expires - Date.now() / 1000) / 86_400;
  expect(days, "lifetime in days").toBeGreaterThan(360);
  return cookie!.value;
}
