import type { AppRouter } from "@agency/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import { webEnv } from "~/env";

const TIMEOUT_MS = 10_000;

/**
 * tRPC client for this server's own calls to the API (never sent to a
 * browser): it presents the shared internal secret, and with `sessionId` it
 * acts as that signed-in session.
 */
export function serverApi(sessionId?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${webEnv.API_URL.replace(/\/+$/, "")}/trpc`,
        headers: () => ({
          "x-internal-secret": webEnv.INTERNAL_API_SECRET ?? "",
          ...(sessionId ? { "x-agency-session": sessionId } : {}),
        }),
        fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) } as RequestInit),
      }),
    ],
  });
}

export const authConfigured = Boolean(webEnv.INTERNAL_API_SECRET && webEnv.NEXTAUTH_SECRET);

/** The browser's IP and user agent as this server saw them, forwarded to the API's audit trail. */
export function clientOrigin(headers: Headers | Record<string, string | string[] | undefined>) {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name);
    const value = headers[name];
    return Array.isArray(value) ? value[0] : (value ?? null);
  };
  const ip = get("x-forwarded-for")?.split(",")[0]?.trim() || null;
  const isIp = ip && (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || /^[0-9a-f:]+$/i.test(ip));
  return { ip: isIp ? ip : null, userAgent: get("user-agent")?.slice(0, 512) ?? null };
}
