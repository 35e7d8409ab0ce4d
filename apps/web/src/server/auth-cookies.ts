import { cookies, headers } from "next/headers";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS } from "~/lib/device-token";
import { SESSION_COOKIE_NAMES } from "./session";

/**
 * Cookies the auth flows set besides next-auth's own. Each helper runs inside a request that may
 * set cookies — a route handler (next-auth's, where Next merges `cookies().set` into the
 * response next-auth returns) or a server action.
 */

/**
 * Secure when the page is served over https: the Origin of the POST that sets it (next-auth's
 * callback and server actions always send one), or the scheme a trusted proxy reported
 * (server/main.mjs keeps x-forwarded-proto only from TRUST_PROXY peers).
 */
export async function cookiesMustBeSecure(): Promise<boolean> {
  const incoming = await headers();
  return incoming.get("origin")?.startsWith("https://") === true || incoming.get("x-forwarded-proto") === "https";
}

/** Stores the API's device token (after a sign-in or a password reset) for later sign-ins from this browser. */
export async function rememberDevice(deviceToken: string): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE, deviceToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: await cookiesMustBeSecure(),
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
}

/**
 * A message for the sign-in page that must not travel in the URL (anyone could craft
 * `/sign-in?error=<any text>` on our origin): the OAuth refusal the API explained. Short-lived
 * and read only when the page is opened with `?error=OAuthRefused`.
 */
export const AUTH_NOTICE_COOKIE = "agency-auth-notice";
export const OAUTH_REFUSED = "OAuthRefused";

export async function flashAuthNotice(message: string): Promise<void> {
  (await cookies()).set(AUTH_NOTICE_COOKIE, message.slice(0, 500), {
    httpOnly: true,
    sameSite: "lax",
    secure: await cookiesMustBeSecure(),
    path: "/sign-in",
    maxAge: 120,
  });
}

export async function readAuthNotice(): Promise<string | null> {
  return (await cookies()).get(AUTH_NOTICE_COOKIE)?.value || null;
}

/** Forgets this browser's next-auth session (after a reset revoked it at the API), so no page shows it as signed in. */
export async function forgetSessionCookie(): Promise<void> {
  const jar = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    // A __Secure- cookie can only be overwritten by a Secure one.
    if (jar.get(name)) jar.set(name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
  }
}
