import type { Api } from "./app";

/**
 * Serverless entry: a WHATWG fetch handler (Request → Response) running the
 * exact same Fastify pipeline (ids, headers, CORS, limits, envelopes) through
 * `inject`, so there is one request path. Responses are buffered, which
 * suits request/response calls; SSE subscriptions need the long-running server.
 */
export function createFetchHandler(api: Pick<Api, "app">) {
  return async function handle(request: Request): Promise<Response> {
    await api.app.ready();
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : Buffer.from(await request.arrayBuffer());
    const result = await api.app.inject({
      method: request.method as "GET",
      url: url.pathname + url.search,
      headers,
      ...(body ? { payload: body } : {}),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(result.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else responseHeaders.set(name, String(value));
    }
    const nullBody = result.statusCode === 204 || result.statusCode === 304 || request.method === "HEAD";
    return new Response(nullBody ? null : new Uint8Array(result.rawPayload), { status: result.statusCode, headers: responseHeaders });
  };
}
