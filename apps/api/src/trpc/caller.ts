import { isIP } from "node:net";
import { z } from "zod";
import { isInternalCaller, SESSION_HEADER } from "../services/auth/internal-secret";

/** The browser's address as the web server determined it; trusted only with the internal secret. */
export const CLIENT_IP_HEADER = "x-agency-client-ip";
/**
 * Set by the web server's proxy on every browser call it forwards (signed in or not), beside the
 * secret: such a call is a browser's, never the web server's own, so internal procedures refuse it.
 */
export const PROXIED_HEADER = "x-agency-proxied";

const sessionIdSchema = z.uuid();

/**
 * Who a request claims to be, read from its headers without touching the database:
 * whether it is the web server's own call (the shared internal secret), the session id
 * the web server vouches for, and the client's address and user agent. The session is
 * checked later, inside the call's one transaction (app_enter).
 */
export interface RequestIdentity {
  /** The web server vouches for this request (the shared internal secret). */
  internal: boolean;
  /** The web server's own call (secret, no browser session, not forwarded for a browser): internal procedures only. */
  webServer: boolean;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export function identityFromHeaders(
  headers: { get(name: string): string | null },
  socketIp: string | null,
  internalSecret: string | undefined,
): RequestIdentity {
  const internal = isInternalCaller(headers, internalSecret);
  const session = headers.get(SESSION_HEADER);
  const forwardedIp = internal ? headers.get(CLIENT_IP_HEADER)?.trim() : undefined;
  return {
    internal,
    webServer: internal && !session && !headers.get(PROXIED_HEADER),
    sessionId: internal && session && sessionIdSchema.safeParse(session).success ? session : null,
    ip: forwardedIp && isIP(forwardedIp) ? forwardedIp : socketIp,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
