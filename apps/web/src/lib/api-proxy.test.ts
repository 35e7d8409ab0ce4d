import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { toUserFacingError } from "./api-error";
import {
  BodyTooLargeError,
  forwardRequestHeaders,
  forwardResponseHeaders,
  isEventStreamRequest,
  proxyErrorBody,
  readBodyWithLimit,
  requestIdFor,
  upstreamUrl,
} from "./api-proxy";

describe("upstreamUrl", () => {
  it("maps /api/trpc/<path>?<query> onto the API's /trpc, batches included", () => {
    expect(upstreamUrl("http://127.0.0.1:4000/", ["system.status,system.echo"], "?batch=1&input=%7B%7D")).toBe(
      "http://127.0.0.1:4000/trpc/system.status,system.echo?batch=1&input=%7B%7D",
    );
  });

  it.each([
    [[".."]],
    [["..", "healthz"]],
    [["system.status", "x"]],
    [["a/b"]],
    [["%2E%2E"]],
    [["system.status,.."]],
    [[]],
  ])("refuses %j: only tRPC procedure paths leave through the proxy", (path) =>
    expect(upstreamUrl("http://api.internal", path, "")).toBeNull(),
  );
});

describe("forwarded headers", () => {
  const noClient = { ip: null, userAgent: null };
  const SECRET = "the-real-internal-secret-0123456789abcdef";
  const signedOut = { internalSecret: SECRET, sessionId: null };
  const SESSION = "5b0e7f4e-2a51-4d8f-9a51-0c1f7d3b9e11";

  it("passes cookies, origin and request ids; drops hop-by-hop, accept-encoding, authorization and the browser's server-only headers", () => {
    const forwarded = forwardRequestHeaders(
      new Headers({
        cookie: "session=abc",
        origin: "http://127.0.0.1:3000",
        "x-request-id": "req-12345678",
        host: "127.0.0.1:3000",
        connection: "keep-alive",
        "content-length": "12",
        "accept-encoding": "gzip, br",
        "x-internal-secret": "guessed",
        "x-agency-session": "someone-elses-session",
        "x-agency-client-ip": "203.0.113.66",
        "x-agency-proxied": "0",
        "x-internal-anything": "1",
        "x-agency-anything": "1",
        authorization: "Basic c3RhZ2luZzpwYXNz",
      }),
      noClient,
      { internalSecret: undefined, sessionId: null },
    );
    expect(Object.fromEntries(forwarded)).toEqual({
      cookie: "session=abc",
      origin: "http://127.0.0.1:3000",
      "x-request-id": "req-12345678",
      "x-agency-proxied": "1",
    });
  });

  it("sends the secret on every call, signed out too, always marked as proxied", () => {
    const forwarded = forwardRequestHeaders(
      new Headers({ "x-internal-secret": "guessed", "x-agency-proxied": "0", "x-agency-session": SESSION }),
      { ip: "198.51.100.7", userAgent: null },
      signedOut,
    );
    expect(Object.fromEntries(forwarded)).toEqual({
      "x-internal-secret": SECRET,
      "x-agency-proxied": "1",
      "x-forwarded-for": "198.51.100.7",
      "x-agency-client-ip": "198.51.100.7",
    });
  });

  it("adds the session the cookie stands for, never one the browser sent", () => {
    const forwarded = forwardRequestHeaders(
      new Headers({ "x-agency-session": "00000000-0000-4000-8000-000000000000" }),
      noClient,
      { internalSecret: SECRET, sessionId: SESSION },
    );
    expect(forwarded.get("x-agency-session")).toBe(SESSION);
    expect(forwarded.get("x-internal-secret")).toBe(SECRET);
    expect(forwarded.get("x-agency-proxied")).toBe("1");
  });

  it("without a configured secret vouches for nobody: no secret, no session", () => {
    const forwarded = forwardRequestHeaders(new Headers(), noClient, { internalSecret: undefined, sessionId: SESSION });
    expect(forwarded.get("x-internal-secret")).toBeNull();
    expect(forwarded.get("x-agency-session")).toBeNull();
    expect(forwarded.get("x-agency-proxied")).toBe("1");
  });

  it("states the client the web server saw, never the browser's own forwarding claims", () => {
    const forwarded = forwardRequestHeaders(
      new Headers({
        "user-agent": "Mozilla/5.0 (test)",
        "x-forwarded-for": "198.51.100.7",
        forwarded: "for=203.0.113.1",
        "x-real-ip": "203.0.113.2",
        "x-forwarded-host": "evil.test",
        "x-forwarded-proto": "https",
        "x-forwarded-port": "443",
        "x-agency-client-ip": "203.0.113.3",
      }),
      { ip: "198.51.100.7", userAgent: "Mozilla/5.0 (test)" },
      signedOut,
    );
    expect(Object.fromEntries(forwarded)).toEqual({
      "user-agent": "Mozilla/5.0 (test)",
      "x-forwarded-for": "198.51.100.7",
      "x-agency-client-ip": "198.51.100.7",
      "x-agency-proxied": "1",
      "x-internal-secret": SECRET,
    });
  });

  it("sends no address at all when none is known", () => {
    const forwarded = forwardRequestHeaders(new Headers({ "x-forwarded-for": "1.1.1.1, 2.2.2.2" }), noClient, signedOut);
    expect(forwarded.get("x-forwarded-for")).toBeNull();
    expect(forwarded.get("x-agency-client-ip")).toBeNull();
  });

  it("marks event streams as unbuffered and never claims an encoding fetch already undid", () => {
    const upstream = new Headers({
      "content-type": "text/event-stream",
      "content-encoding": "gzip",
      "transfer-encoding": "chunked",
    });
    const headers = forwardResponseHeaders(upstream, { isStream: true });
    expect(headers.get("content-encoding")).toBeNull();
    expect(headers.get("transfer-encoding")).toBeNull();
    expect(headers.get("x-accel-buffering")).toBe("no");
    expect(headers.get("cache-control")).toBe("no-cache, no-transform");
  });

  it("recognises SSE requests by their Accept header", () => {
    expect(isEventStreamRequest(new Headers({ accept: "text/event-stream" }))).toBe(true);
    expect(isEventStreamRequest(new Headers({ accept: "application/json" }))).toBe(false);
  });
});

describe("requestIdFor", () => {
  it("keeps a sane inbound id and replaces anything else", () => {
    expect(requestIdFor(new Headers({ "x-request-id": "e2e-validation-0001" }))).toBe("e2e-validation-0001");
    expect(requestIdFor(new Headers({ "x-request-id": "<script>alert(1)</script>" }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("proxyErrorBody", () => {
  it("reads like an API error to the tRPC client, request id included", () => {
    const { status, body } = proxyErrorBody("unreachable", "req-00000042");
    expect(status).toBe(503);
    const shown = toUserFacingError(TRPCClientError.from(body));
    expect(shown).toMatchObject({ title: "Can't reach the API", requestId: "req-00000042" });
  });

  it("answers a timeout with 504 and a non-tRPC path with 404", () => {
    expect(proxyErrorBody("timeout", "req-00000043").status).toBe(504);
    expect(proxyErrorBody("not_found", "req-00000044").body.error.data).toEqual({
      code: "NOT_FOUND",
      httpStatus: 404,
      requestId: "req-00000044",
    });
  });
});

describe("readBodyWithLimit", () => {
  const post = (body: BodyInit, headers?: HeadersInit) =>
    new Request("http://web.test/api/trpc/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

  it("returns small bodies whole", async () => {
    const body = await readBodyWithLimit(post('{"message":"hi"}'), 1024);
    expect(new TextDecoder().decode(body)).toBe('{"message":"hi"}');
  });

  it("refuses a declared size over the limit before reading", async () => {
    await expect(readBodyWithLimit(post("x".repeat(10), { "content-length": "5000" }), 1024)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
  });

  it("refuses a streamed body once it passes the limit", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i += 1) controller.enqueue(new Uint8Array(400));
        controller.close();
      },
    });
    await expect(readBodyWithLimit(post(stream), 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});
