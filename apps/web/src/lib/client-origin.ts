import { isIP } from "node:net";

/** The browser behind a request: what the API records (audit, sessions) and limits by. */
export interface ClientOrigin {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 512;

/**
 * The browser's IP and user agent as this server established them. `x-forwarded-for` is
 * trustworthy here because the web server (server/main.mjs) overwrites it with exactly one
 * address, derived from the socket or trusted proxies (TRUST_PROXY). Anything else — a list,
 * junk — did not come through that server, so it yields no IP rather than a claimed one.
 */
export function clientOrigin(headers: Headers | Record<string, string | string[] | undefined>): ClientOrigin {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name);
    const value = headers[name];
    return Array.isArray(value) ? (value.length === 1 ? value[0]! : null) : (value ?? null);
  };
  const forwardedFor = get("x-forwarded-for")?.trim() ?? "";
  return {
    ip: isIP(forwardedFor) ? forwardedFor : null,
    userAgent: get("user-agent")?.slice(0, MAX_USER_AGENT) || null,
  };
}

/**
 * Headers that tell the API who the browser is on the web server's calls: `x-agency-client-ip`
 * (the API believes it only alongside the internal secret) and the browser's own `user-agent`.
 */
export function clientOriginHeaders(origin: ClientOrigin): Record<string, string> {
  return {
    ...(origin.ip ? { "x-agency-client-ip": origin.ip } : {}),
    ...(origin.userAgent ? { "user-agent": origin.userAgent } : {}),
  };
}
