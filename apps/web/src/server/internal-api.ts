import type { AppRouter } from "@agency/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import { headers as requestHeaders } from "next/headers";
import { webEnv } from "~/env";
import { clientOrigin, clientOriginHeaders, type ClientOrigin } from "~/lib/client-origin";

export { clientOrigin, type ClientOrigin } from "~/lib/client-origin";

const TIMEOUT_MS = 10_000;

/** The browser behind the request being served (route handler, server component, action); none outside one. */
export async function currentClientOrigin(): Promise<ClientOrigin> {
  try {
    return clientOrigin(await requestHeaders());
  } catch {
    return { ip: null, userAgent: null };
  }
}

/**
 * tRPC client for this server's own calls to the API (never sent to a
 * browser): it presents the shared internal secret, and with `sessionId` it
 * acts as that signed-in session. Every call names the browser it is made for
 * (`x-agency-client-ip`, `user-agent`): `client` when given, else the request
 * being served.
 */
export function serverApi(sessionId?: string, client?: ClientOrigin) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${webEnv.API_URL.replace(/\/+$/, "")}/trpc`,
        headers: async () => ({
          ...clientOriginHeaders(client ?? (await currentClientOrigin())),
          "x-internal-secret": webEnv.INTERNAL_API_SECRET ?? "",
          ...(sessionId ? { "x-agency-session": sessionId } : {}),
        }),
        fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) } as RequestInit),
      }),
    ],
  });
}

export const authConfigured = Boolean(webEnv.INTERNAL_API_SECRET && webEnv.NEXTAUTH_SECRET);
