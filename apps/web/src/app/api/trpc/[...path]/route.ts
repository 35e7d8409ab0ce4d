import type { NextRequest } from "next/server";
import { webEnv } from "~/env";
import { clientOrigin } from "~/lib/client-origin";
import { currentSessionId } from "~/server/session";
import {
  forwardRequestHeaders,
  forwardResponseHeaders,
  BodyTooLargeError,
  isEventStreamRequest,
  proxyErrorBody,
  readBodyWithLimit,
  requestIdFor,
  upstreamUrl,
} from "~/lib/api-proxy";

/**
 * Same-origin proxy to the API's /trpc: the browser only talks to this
 * origin, so cookies flow without CORS. A route handler rather than a
 * next.config rewrite because `next build` bakes rewrite destinations into
 * .next/routes-manifest.json: API_URL must be read when the server starts
 * (one build, many environments), and every call needs a deadline and a
 * JSON error the tRPC client understands when the API is down. Bodies stream
 * both ways, SSE included.
 */
export const dynamic = "force-dynamic";

const REQUEST_TIMEOUT_MS = 30_000;

async function proxy(request: NextRequest, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  const target = upstreamUrl(webEnv.API_URL, path, new URL(request.url).search);
  if (!target) {
    const { status, body } = proxyErrorBody("not_found", requestIdFor(request.headers));
    return Response.json(body, { status });
  }
  const isStream = isEventStreamRequest(request.headers);
  // Streams live as long as the browser keeps them open; everything else gets a deadline.
  const signal = isStream ? request.signal : AbortSignal.any([request.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  const hasBody = request.method !== "GET";
  // One id across both hops: the API logs it, and our own error below quotes it.
  const requestId = requestIdFor(request.headers);
  // x-forwarded-for holds the one address server/main.mjs derived from the socket. Identity is
  // set only here (the browser's copies are dropped): the secret on every call, marked proxied,
  // plus the API session in the encrypted cookie when there is one.
  const headers = forwardRequestHeaders(request.headers, clientOrigin(request.headers), {
    internalSecret: webEnv.INTERNAL_API_SECRET,
    sessionId: await currentSessionId(request.cookies),
  });
  headers.set("x-request-id", requestId);

  let body: Uint8Array | undefined;
  try {
    body = hasBody ? await readBodyWithLimit(request) : undefined;
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    const { status, body: errorBody } = proxyErrorBody("too_large", requestId);
    return Response.json(errorBody, { status });
  }

  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      body: body as BodyInit | undefined,
      signal,
      redirect: "manual",
      cache: "no-store",
    });
    return new Response(upstream.body, {
      status: upstream.status,
      headers: forwardResponseHeaders(upstream.headers, { isStream }),
    });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    const reason = (error as Error).name === "TimeoutError" ? "timeout" : "unreachable";
    console.warn(`agency-web: API ${reason} for ${JSON.stringify(`/trpc/${path.join("/")}`)} (request ${requestId})`);
    const { status, body } = proxyErrorBody(reason, requestId);
    return Response.json(body, { status, headers: { "cache-control": "no-store" } });
  }
}

export { proxy as GET, proxy as POST };
