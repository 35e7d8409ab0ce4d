import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { webEnv } from "~/env";

/** next-auth's session cookie: `__Secure-` prefixed when NEXTAUTH_URL is https. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** The API session id in this request's session cookie, for server components and route handlers. */
export async function currentSessionId(cookieSource?: { get(name: string): { value: string } | undefined }): Promise<string | null> {
  if (!webEnv.NEXTAUTH_SECRET) return null;
  const jar = cookieSource ?? (await cookies());
  const raw = SESSION_COOKIE_NAMES.map((name) => jar.get(name)?.value).find(Boolean);
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: webEnv.NEXTAUTH_SECRET });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    return null;
  }
}
