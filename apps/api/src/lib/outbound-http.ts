import http from "node:http";
import https from "node:https";
import { assertAllowedTarget, connectLookup, TargetRefused, type Resolver, type TargetPolicy } from "./outbound-target";

/** Bytes of a receiver's answer kept (as text) in the delivery log. */
export const RESPONSE_SNIPPET_BYTES = 1024;
export const DEFAULT_OUTBOUND_TIMEOUT_MS = 10_000;

export type OutboundErrorClass = "ssrf_refused" | "timeout" | "network" | "redirect" | "http_status";

/** The request never got an HTTP answer (refused target, timeout, connection failure). */
export class OutboundFailure extends Error {
  override name = "OutboundFailure";
  constructor(
    readonly errorClass: Exclude<OutboundErrorClass, "redirect" | "http_status">,
    message: string,
    readonly latencyMs: number,
  ) {
    super(message);
  }
}

export interface OutboundResponse {
  status: number;
  /** The first RESPONSE_SNIPPET_BYTES of the body as UTF-8 text (NUL removed); the rest is never read. */
  snippet: string;
  latencyMs: number;
}

export interface OutboundOptions {
  policy: TargetPolicy;
  resolver?: Resolver;
  timeoutMs?: number;
}

/**
 * POSTs `body` to a checked target: SSRF rules before and at connect (outbound-target.ts), one
 * deadline for the whole exchange (AbortSignal), no redirects followed (node:http never
 * follows; callers treat 3xx as failure), a fresh connection per request (no pooled socket
 * skips the connect-time check), and at most RESPONSE_SNIPPET_BYTES of the answer read.
 */
export async function postOutbound(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: OutboundOptions,
): Promise<OutboundResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = await assertAllowedTarget(options.policy, rawUrl, options.resolver);
  } catch (error) {
    if (error instanceof TargetRefused) throw new OutboundFailure("ssrf_refused", error.message, elapsed());
    throw new OutboundFailure("network", `could not resolve the host: ${(error as Error).message}`, elapsed());
  }
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_OUTBOUND_TIMEOUT_MS);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const fail = (error: Error) => {
      if (error instanceof OutboundFailure) return reject(error);
      if (signal.aborted) return reject(new OutboundFailure("timeout", "no answer within the timeout", elapsed()));
      if (error instanceof TargetRefused) return reject(new OutboundFailure("ssrf_refused", error.message, elapsed()));
      reject(new OutboundFailure("network", error.message, elapsed()));
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: false,
        lookup: connectLookup(options.policy, options.resolver),
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const finish = () => {
          const bytes = Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES);
          const snippet = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replaceAll("\u0000", "");
          resolve({ status: response.statusCode ?? 0, snippet: snippet.slice(0, RESPONSE_SNIPPET_BYTES), latencyMs: elapsed() });
        };
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_SNIPPET_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          if (kept >= RESPONSE_SNIPPET_BYTES) {
            // Enough kept: stop reading a body of any size.
            response.destroy();
            finish();
          }
        });
        response.on("end", finish);
        response.on("error", (error) => (kept >= RESPONSE_SNIPPET_BYTES ? finish() : fail(error)));
      },
    );
    request.on("error", fail);
    request.end(body);
  });
}

/**
 * A `fetch` for libraries that take one (@slack/webhook): the same guarded POST, answered as a
 * WHATWG Response. Only what those libraries use: POST with a string body.
 */
export function outboundFetch(options: OutboundOptions, onResponse?: (response: OutboundResponse) => void): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    const result = await postOutbound(String(input), headers, String(init?.body ?? ""), options);
    onResponse?.(result);
    const nullBody = result.status === 204 || result.status === 304;
    return new Response(nullBody ? null : result.snippet, { status: result.status });
  }) as typeof fetch;
}
