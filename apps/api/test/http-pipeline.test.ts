import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTERNAL_MESSAGE } from "../src/errors/error-envelope";
import { appRouter } from "../src/routers/app-router";
import { publicProcedure, router } from "../src/trpc/trpc";
import { ALLOWED_ORIGIN, startTestApi, trpcMutation, type TestApi } from "./helpers/test-api";

// A real router plus one procedure with a bug, mounted through the real pipeline.
const routerWithBug = router({
  ...appRouter._def.record,
  broken: publicProcedure.query(() => {
    throw new Error('relation "secret_table" does not exist (SELECT password FROM secret_table)');
  }),
});

let t: TestApi;
let base: string;

beforeAll(async () => {
  t = await startTestApi({ router: routerWithBug });
  t.api.app.get("/boom", () => {
    throw new Error("SELECT * FROM users WHERE token = 'abc'");
  });
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
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(response.status).toBe(413);
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
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
    const body = (await response.json()) as { status: string; checks: { migrations: { applied: number; pending: number } } };
    expect(response.status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.migrations.applied).toBeGreaterThanOrEqual(1);
    expect(body.checks.migrations.pending).toBe(0);
  });
});
