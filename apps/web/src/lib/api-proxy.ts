import type { ApiErrorCode } from "@agency/validators";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { clientOriginHeaders, type ClientOrigin } from "./client-origin";

/** Headers that describe one hop, not the message: never forwarded in either direction. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "host",
  "content-length",
]);

/** tRPC paths are dotted procedure names, comma-joined when batched: one segment, no dot-only names. */
const TRPC_PATH = /^(?!\.+(,|$))[A-Za-z0-9_.,-]{1,2000}$/;

/**
 * `${apiUrl}/trpc/<path>?<query>`, or null when the path is not a tRPC path:
 * the proxy must never become a way to reach the API's other routes
 * (/metrics, /api/v1, …) from the public web origin.
 */
export function upstreamUrl(apiUrl: string, path: readonly string[], search: string): string | null {
  const [procedurePath] = path;
  if (path.length !== 1 || !procedurePath || !TRPC_PATH.test(procedurePath)) return null;
  if (procedurePath.split(",").some((name) => /^\.*$/.test(name))) return null;
  return `${apiUrl.replace(/\/+$/, "")}/trpc/${procedurePath}${search}`;
}

/**
 * Headers only the web server itself may send to the API (the shared internal
 * secret, the session id it resolved): a browser must never be able to pass
 * them through the proxy.
 */
const SERVER_ONLY_HEADER = /^x-(internal|agency)-/;

/**
 * Credentials the browser sends for other purposes: an `Authorization` header (HTTP basic auth in
 * front of a staging site, say) is not an API key meant for the API — browser calls act through the
 * session. API keys go straight to the API, never through this proxy.
 */
const BROWSER_CREDENTIAL_HEADER = /^authorization$/;

/** Claims about the client or the hops before us: the proxy states its own (`client`) instead. */
const FORWARDING_HEADER = /^(forwarded|x-real-ip|x-forwarded-.*)$/;

/** Marks a request as a browser's, forwarded by this proxy: the API refuses it internal procedures. */
export const PROXIED_HEADER = "x-agency-proxied";

/** Who the proxy vouches for: the shared secret (always, when configured) and the browser's API session, if any. */
export interface ProxyIdentity {
  internalSecret: string | undefined;
  sessionId: string | null;
}

/**
 * Request headers for the API. Cookies, Origin, User-Agent and X-Request-Id pass through
 * (the API checks them); `authorization` is dropped (see above); `accept-encoding` is dropped because fetch decodes
 * bodies anyway and a compressed SSE stream would be buffered. Who the browser is comes
 * from `client` (the address the web server took from the socket), never from the
 * browser's own forwarding headers: `x-forwarded-for` (what the API reads today, trusting
 * this loopback hop) and `x-agency-client-ip` (believed only with the internal secret).
 *
 * Every forwarded call carries the internal secret — signed in or not — so the API believes
 * `x-agency-client-ip` (rate limits and audit per browser, not per web server), and is marked
 * `x-agency-proxied`, so the API never mistakes it for this server's own call: internal
 * procedures (sign-in, sign-up, the dev outbox…) stay unreachable through the proxy. The
 * browser's own copies of all these were dropped above.
 */
export function forwardRequestHeaders(incoming: Headers, client: ClientOrigin, identity: ProxyIdentity): Headers {
  const headers = new Headers();
  incoming.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || name === "accept-encoding" || SERVER_ONLY_HEADER.test(name)) return;
    if (FORWARDING_HEADER.test(name) || BROWSER_CREDENTIAL_HEADER.test(name)) return;
    headers.set(name, value);
  });
  if (client.ip) headers.set("x-forwarded-for", client.ip);
  for (const [name, value] of Object.entries(clientOriginHeaders(client))) headers.set(name, value);
  headers.set(PROXIED_HEADER, "1");
  if (identity.internalSecret) {
    headers.set("x-internal-secret", identity.internalSecret);
    // The API session in the encrypted cookie; the API checks it on every call.
    if (identity.sessionId) headers.set("x-agency-session", identity.sessionId);
  }
  return headers;
}

/** Response headers for the browser: hop-by-hop and encoding headers go, since fetch already decoded the body. */
export function forwardResponseHeaders(upstream: Headers, { isStream }: { isStream: boolean }): Headers {
  const headers = new Headers();
  upstream.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== "content-encoding") headers.append(name, value);
  });
  if (isStream) {
    // Any proxy in front of Next (nginx and friends) must pass events through as they come.
    headers.set("x-accel-buffering", "no");
    headers.set("cache-control", "no-cache, no-transform");
  }
  return headers;
}

/** The caller's X-Request-Id when it looks like one (the API applies the same idea), else a fresh id. */
export function requestIdFor(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : crypto.randomUUID();
}

export function isEventStreamRequest(headers: Headers): boolean {
  return headers.get("accept")?.includes("text/event-stream") ?? false;
}

/**
 * The proxy's own answers (API down or too slow, not a tRPC path) in the same envelope the
 * API's tRPC error formatter produces, so the tRPC client reads `data.code`,
 * `data.httpStatus` and `data.requestId` exactly as for an API error. tRPC's
 * batch link applies a non-array body to every call in the batch.
 */
/**
 * Largest request body the proxy forwards (the API's own default limit).
 * Bodies are read here, not streamed: an API that refuses an upload halfway
 * closes the socket, and a streaming fetch would report that as an outage.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** The whole body, or BodyTooLargeError as soon as it passes `limit` (declared or actual size). */
export async function readBodyWithLimit(
  request: Request,
  limit = MAX_REQUEST_BODY_BYTES,
): Promise<Uint8Array | undefined> {
  if (!request.body) return undefined;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new BodyTooLargeError();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const PROXY_ERRORS = {
  unreachable: {
    code: "SERVICE_UNAVAILABLE",
    trpcCode: "SERVICE_UNAVAILABLE",
    httpStatus: 503,
    message: "The API is unreachable.",
  },
  timeout: {
    code: "SERVICE_UNAVAILABLE",
    trpcCode: "GATEWAY_TIMEOUT",
    httpStatus: 504,
    message: "The API did not answer in time.",
  },
  not_found: { code: "NOT_FOUND", trpcCode: "NOT_FOUND", httpStatus: 404, message: "No such API procedure." },
  too_large: {
    code: "PAYLOAD_TOO_LARGE",
    trpcCode: "PAYLOAD_TOO_LARGE",
    httpStatus: 413,
    message: "Request body is too large",
  },
} as const satisfies Record<
  string,
  { code: ApiErrorCode; trpcCode: keyof typeof TRPC_ERROR_CODES_BY_KEY; httpStatus: number; message: string }
>;

export function proxyErrorBody(reason: keyof typeof PROXY_ERRORS, requestId: string) {
  const { code, trpcCode, httpStatus, message } = PROXY_ERRORS[reason];
  return {
    status: httpStatus,
    body: {
      error: {
        code: TRPC_ERROR_CODES_BY_KEY[trpcCode],
        message,
        requestId,
        data: { code, httpStatus, requestId },
      },
    },
  };
}
