import { webEnv } from "~/env";

/**
 * Same-origin proxy to the API's /trpc: the browser only talks to this
 * origin (cookies flow without CORS). A route handler rather than a
 * next.config rewrite so API_URL is read at run time, not baked in at build,
 * and so every call has a timeout. Bodies stream both ways (SSE included).
 */
export const dynamic = "force-dynamic";

// Headers that describe one hop, not the message: never forwarded.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
  "trailer",
  "host",
  "content-length",
]);
const REQUEST_TIMEOUT_MS = 30_000;

async function proxy(request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  const incoming = new URL(request.url);
  const target = `${webEnv.API_URL}/trpc/${path.map(encodeURIComponent).join("/")}${incoming.search}`;

  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers.set(name, value);
  });
  const isStream = request.headers.get("accept")?.includes("text/event-stream") ?? false;
  // Streams live as long as the browser keeps them open; everything else gets a deadline.
  const signal = isStream ? request.signal : AbortSignal.any([request.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);

  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
      signal,
      redirect: "manual",
      cache: "no-store",
    });
    const responseHeaders = new Headers();
    upstream.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== "content-encoding") responseHeaders.set(name, value);
    });
    if (isStream) responseHeaders.set("x-accel-buffering", "no");
    return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    return Response.json(
      {
        error: {
          code: "SERVICE_UNAVAILABLE",
          message: timedOut ? "The API did not answer in time." : "The API is unreachable.",
          requestId: request.headers.get("x-request-id") ?? crypto.randomUUID(),
        },
      },
      { status: timedOut ? 504 : 502 },
    );
  }
}

export { proxy as GET, proxy as POST };
