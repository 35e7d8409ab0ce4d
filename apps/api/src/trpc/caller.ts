import { isIP } from "node:net";
import { z } from "zod";
import { parseApiKeyToken, type ApiKeyCredential } from "../services/api-keys/key-format";
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
  /**
   * `Authorization: Bearer aos_…`: the key's public id and secret hash when the token is well
   * formed with a valid checksum (checked in the call's transaction, app_enter_key); "invalid" for
   * a token that claims to be a key (the `aos_` prefix) but is malformed or fails its checksum
   * (refused with 401 before any database work); null without one — an Authorization header that
   * is no API key (an operator token, basic auth) is none of this API's business and grants nothing.
   * A request with a key acts as the key only: a session beside it is ignored.
   */
  apiKey: ApiKeyCredential | "invalid" | null;
  ip: string | null;
  userAgent: string | null;
}

export const INVALID_API_KEY_MESSAGE =
  "This is not a valid API key (mistyped or truncated?). Send Authorization: Bearer aos_live_… with a key from your organization's settings.";

const BEARER = /^Bearer +(\S+) *$/i;

/** Every token this API issues starts so (`aos_live_…`); a bearer token that does is judged as a key. */
const CLAIMS_API_KEY = /^aos_/;

/** The API key an Authorization header presents, read without the database. */
export function apiKeyFromAuthorization(header: string | null): ApiKeyCredential | "invalid" | null {
  const token = header === null ? undefined : BEARER.exec(header)?.[1];
  if (!token || !CLAIMS_API_KEY.test(token)) return null;
  return parseApiKeyToken(token) ?? "invalid";
}

export function identityFromHeaders(
  headers: { get(name: string): string | null },
  socketIp: string | null,
  internalSecret: string | undefined,
): RequestIdentity {
  const internal = isInternalCaller(headers, internalSecret);
  const session = headers.get(SESSION_HEADER);
  const forwardedIp = internal ? headers.get(CLIENT_IP_HEADER)?.trim() : undefined;
  const apiKey = apiKeyFromAuthorization(headers.get("authorization"));
  return {
    internal,
    webServer: internal && !session && !headers.get(PROXIED_HEADER) && apiKey === null,
    sessionId: apiKey === null && internal && session && sessionIdSchema.safeParse(session).success ? session : null,
    apiKey,
    ip: forwardedIp && isIP(forwardedIp) ? forwardedIp : socketIp,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
