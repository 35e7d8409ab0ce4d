import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { INTERNAL_MESSAGE } from "../src/errors/error-envelope";
import { appRouter } from "../src/routers/app-router";
import { publicProcedure, router } from "../src/trpc/trpc";
import { ALLOWED_ORIGIN, startTestApi, trpcMutation, type TestApi, type TrpcErrorBody } from "./helpers/test-api";

// A real router plus one procedure with a bug, mounted through the real pipeline.
const routerWithBug = router({
  ...appRouter._def.record,
  broken: publicProcedure.query(() => {
    throw new Error('relation "secret_table" does not exist (SELECT password FROM secret_table)');
  }),
  lookup: publicProcedure.input(z.object({ q: z.string() })).query(({ input }) => input.q),
});

let t: TestApi;
let base: string;

beforeAll(async () => {
  t = await startTestApi({ router: routerWithBug });
  t.api.app.get("/boom", () => {
    throw new Error("SELECT * FROM users WHERE token = 'abc'");
  });
  // A plain (non-tRPC) route with a JSON body, for Fastify's own body errors.
  t.api.app.post("/echo-json", (request) => ({ received: request.body }));
  base = await t.listen();
});
afterAll(() => t.close());

describe("request id", () => {
  it("generates a UUID when none is sent and returns it", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("echoes a sane inbound x-request-id and logs with it", async () => {
    const response = await fetch(`${base}/healthz`, { headers: { "x-request-id": "client-req-12345" } });
    expect(response.headers.get("x-request-id")).toBe("client-req-12345");
    const line = t.logs().find((l) => l.requestId === "client-req-12345" && l.msg === "request completed");
    expect(line).toMatchObject({ method: "GET", path: "/healthz", statusCode: 200, level: "info" });
  });

  it("replaces an inbound id that is unsafe to echo", async () => {
    const response = await fetch(`${base}/healthz`, { headers: { "x-request-id": "bad id\twith spaces" } });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("security headers and CORS", () => {
  it("sets CSP with frame-ancestors none, HSTS and nosniff", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=31536000");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("allows an allowlisted origin with credentials", async () => {
    const response = await fetch(`${base}/trpc/system.status`, { headers: { origin: ALLOWED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });

  it("gives no CORS grant to another origin, on requests and preflights", async () => {
    const simple = await fetch(`${base}/trpc/system.status`, { headers: { origin: "https://evil.test" } });
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${base}/trpc/system.echo`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.status).toBe(403);
    const allowedPreflight = await fetch(`${base}/trpc/system.echo`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "POST" },
    });
    expect(allowedPreflight.status).toBe(204);
    expect(allowedPreflight.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
  });
});

describe("error envelope", () => {
  it("answers bad input with 400 VALIDATION_ERROR, the field, and the request id", async () => {
    const { status, headers, body } = await trpcMutation(base, "system.echo", { message: "" });
    expect(status).toBe(400);
    expect(body.error.data.code).toBe("VALIDATION_ERROR");
    expect(body.error.message).toBe("Invalid input");
    expect(body.error.requestId).toBe(headers.get("x-request-id"));
    expect(body.error.details?.issues?.[0]).toMatchObject({ path: ["message"], message: "Message is required" });
  });

  it("answers an unknown path with a 404 envelope", async () => {
    const response = await fetch(`${base}/nope`);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(response.status).toBe(404);
    expect(body.error).toEqual({
      code: "NOT_FOUND",
      message: "No route for GET /nope",
      requestId: response.headers.get("x-request-id"),
    });
  });

  it("answers an unknown procedure with 404 NOT_FOUND", async () => {
    const response = await fetch(`${base}/trpc/system.nope`);
    const body = (await response.json()) as { error: { data: { code: string } } };
    expect(response.status).toBe(404);
    expect(body.error.data.code).toBe("NOT_FOUND");
  });

  it("answers a bug in a procedure with 500 and no internals, and logs it at error level", async () => {
    const response = await fetch(`${base}/trpc/broken`);
    const text = await response.text();
    expect(response.status).toBe(500);
    const body = JSON.parse(text) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe("INTERNAL_ERROR");
    expect(body.error.message).toBe(INTERNAL_MESSAGE);
    expect(text).not.toMatch(/secret_table|SELECT|stack|\.ts:/);
    const logged = t.logs().find((l) => l.msg === "procedure failed");
    expect(logged).toMatchObject({ level: "error", requestId: response.headers.get("x-request-id"), path: "broken" });
    expect(JSON.stringify(logged)).not.toContain("stack");
  });

  it("answers a bug in a plain route with the same 500 envelope", async () => {
    const response = await fetch(`${base}/boom`);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(response.status).toBe(500);
    expect(body.error).toEqual({
      code: "INTERNAL_ERROR",
      message: INTERNAL_MESSAGE,
      requestId: response.headers.get("x-request-id"),
    });
  });

  it("refuses a body over the limit with 413 PAYLOAD_TOO_LARGE", async () => {
    const response = await fetch(`${base}/trpc/system.echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "x".repeat(2 * 1024 * 1024) }),
    });
    const body = (await response.json()) as TrpcErrorBody;
    expect(response.status).toBe(413);
    // On /trpc in tRPC's shape, so tRPC clients read it: the JSON-RPC code, our code in data.
    expect(body.error.code).toBe(-32013);
    expect(body.error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413 });
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });
});

/** Status, request id header and parsed body of a response. */
async function answer(response: Response) {
  return {
    status: response.status,
    requestId: response.headers.get("x-request-id"),
    body: (await response.json()) as TrpcErrorBody,
  };
}

/** A tRPC-shaped error envelope with our `code` and the request id of the response. */
function expectTrpcError(got: Awaited<ReturnType<typeof answer>>, status: number, code: string) {
  expect(got.status).toBe(status);
  expect(typeof got.body.error.code).toBe("number");
  expect(got.body.error.data).toMatchObject({ code, httpStatus: status, requestId: got.requestId });
  expect(got.body.error.requestId).toBe(got.requestId);
}

describe("bad requests are 4xx in the envelope, never 500", () => {
  const echo = (init: RequestInit) => fetch(`${base}/trpc/system.echo`, { method: "POST", ...init });

  it.each([
    ["text/plain", { "content-type": "text/plain" }, 'Unsupported content type "text/plain": send application/json.'],
    [
      "form data",
      { "content-type": "multipart/form-data; boundary=x" },
      'Unsupported content type "multipart/form-data": send application/json.',
    ],
    [
      "XML",
      { "content-type": "application/xml" },
      'Unsupported content type "application/xml": send application/json.',
    ],
    [
      "octet-stream",
      { "content-type": "application/octet-stream" },
      'Unsupported content type "application/octet-stream": send application/json.',
    ],
    ["no content type", {}, "Missing content-type: send application/json."],
  ])("a tRPC mutation sent as %s is 415 UNSUPPORTED_MEDIA_TYPE", async (_, headers, message) => {
    // A Uint8Array body: fetch adds no content-type of its own.
    const got = await answer(await echo({ headers, body: new TextEncoder().encode('{"message":"hi"}') }));
    expectTrpcError(got, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(got.body.error.message).toBe(message);
  });

  it("a tRPC mutation without content type or body is 415 too", async () => {
    expectTrpcError(await answer(await echo({})), 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("JSON with a charset or in upper case is still JSON", async () => {
    for (const type of ["application/json; charset=utf-8", "Application/JSON"]) {
      const response = await echo({ headers: { "content-type": type }, body: '{"message":"hi"}' });
      expect(response.status).toBe(200);
    }
  });

  it.each(["{bad", "", '{"message":', "[1,2", "\u0000"])(
    "malformed JSON %j on /trpc is 400 BAD_REQUEST",
    async (body) => {
      expectTrpcError(
        await answer(await echo({ headers: { "content-type": "application/json" }, body })),
        400,
        "BAD_REQUEST",
      );
    },
  );

  it("deeply nested JSON (400,000 levels, under the body limit) is a 400, not a stack overflow", async () => {
    const depth = 400_000;
    const body = `{"message":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const got = await answer(await echo({ headers: { "content-type": "application/json" }, body }));
    expect(got.status).toBe(400);
    expect(got.body.error.data.code).toBe("VALIDATION_ERROR");
  });

  it("a malformed ?input= on a query is 400 BAD_REQUEST", async () => {
    expectTrpcError(await answer(await fetch(`${base}/trpc/lookup?input=%7Bbad`)), 400, "BAD_REQUEST");
  });

  it("malformed JSON and an unsupported content type on a plain route: 400 and 415 in the plain envelope", async () => {
    const bad = await fetch(`${base}/echo-json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{bad",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    const xml = await fetch(`${base}/echo-json`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<a/>",
    });
    const body = (await xml.json()) as { error: { code: string; requestId: string } };
    expect(xml.status).toBe(415);
    expect(body.error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", requestId: xml.headers.get("x-request-id") });
  });

  it.each(["PUT", "PATCH", "DELETE"])("%s on /trpc is 405 METHOD_NOT_ALLOWED with Allow", async (method) => {
    const response = await echo({ method, headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
    expectTrpcError(await answer(response), 405, "METHOD_NOT_ALLOWED");
  });

  it("a preflight from a foreign origin is 403 without CORS headers, on /trpc and elsewhere", async () => {
    for (const path of ["/trpc/system.echo", "/trpc/system.status,system.echo?batch=1", "/healthz", "/nope"]) {
      const response = await fetch(`${base}${path}`, {
        method: "OPTIONS",
        headers: {
          origin: "https://evil.test",
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(response.status, path).toBe(403);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-methods")).toBeNull();
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      const body = (await response.json()) as { error: { data?: { code: string }; code: unknown } };
      expect(body.error.data?.code ?? body.error.code).toBe("FORBIDDEN");
    }
  });

  it("an OPTIONS that is no preflight (no Origin) is 204 with Allow", async () => {
    const response = await fetch(`${base}/trpc/system.echo`, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a batch with an unknown path answers 207: the good call's result and a 404 for the bad one", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: {} }));
    const response = await fetch(`${base}/trpc/system.status,nope.missing?batch=1&input=${input}`);
    const body = (await response.json()) as [{ result: unknown }, TrpcErrorBody];
    expect(response.status).toBe(207);
    expect(body[0].result).toBeDefined();
    expect(body[1].error.data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
  });

  it("a batch whose input is no object, or whose procedures mix queries and mutations, is 400", async () => {
    const notObject = await fetch(`${base}/trpc/system.echo,system.echo?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[1]",
    });
    expect(notObject.status).toBe(400);
    const mixed = await fetch(`${base}/trpc/system.status,system.echo?batch=1&input=%7B%7D`);
    expect(mixed.status).toBeGreaterThanOrEqual(400);
    expect(mixed.status).toBeLessThan(500);
  });

  it("a query sent as POST, a mutation as GET: 405", async () => {
    expectTrpcError(
      await answer(
        await fetch(`${base}/trpc/system.status`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      ),
      405,
      "METHOD_NOT_ALLOWED",
    );
    expectTrpcError(await answer(await fetch(`${base}/trpc/system.echo?input=%7B%7D`)), 405, "METHOD_NOT_ALLOWED");
  });

  it("a URL past the 16 KiB header limit is 431 in the envelope (Node refuses it before Fastify)", async () => {
    const input = encodeURIComponent(JSON.stringify({ message: "x".repeat(20_000) }));
    const got = await answer(await fetch(`${base}/trpc/system.status?input=${input}`));
    expectTrpcError(got, 431, "BAD_REQUEST");
    const plain = await fetch(`${base}/nope?q=${"x".repeat(20_000)}`);
    expect(plain.status).toBe(431);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });
});

describe("health", () => {
  it("/healthz says the process is alive", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("/readyz is 200 when the database answers and every migration is applied", async () => {
    const response = await fetch(`${base}/readyz`);
    const body = (await response.json()) as {
      status: string;
      checks: { migrations: { applied: number; pending: number } };
    };
    expect(response.status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.migrations.applied).toBeGreaterThanOrEqual(1);
    expect(body.checks.migrations.pending).toBe(0);
  });
});
