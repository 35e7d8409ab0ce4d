import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { request as httpRequest } from "node:http";
import { createProject, createTask } from "./helpers/fixtures";
import { expectEnvelope, rest, restTenant, startRestTestApi, type RestCaller } from "./helpers/rest";
import { ALLOWED_ORIGIN, type TestApi } from "./helpers/test-api";

let t: TestApi;
let base: string;
let a: RestCaller;
let projectId: string;

beforeAll(async () => {
  // A small body limit and write budget, so 413 and the edge's 429 are cheap to reach.
  t = await startRestTestApi({
    env: { BODY_LIMIT_BYTES: "4096", RATE_LIMIT_SCALE: "1" },
    rateLimitOverrides: { write: { points: 10, durationSeconds: 60 } },
  });
  base = await t.listen();
  a = await restTenant(t, "Pipeline");
  projectId = await createProject(t, a.orgId, "Pipe");
  for (let i = 0; i < 30; i++) await createTask(t, a.orgId, projectId, `Task number ${i} with a longer title`, i + 1);
});
afterAll(() => t?.close());

/** A raw request, to see the bytes on the wire (fetch would decompress). */
function raw(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const url = new URL(`${base}/api/v1${path}`);
      const req = httpRequest(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

describe("REST pipeline", () => {
  it("unknown paths are 404 and known paths with another method 405 with Allow, in the envelope", async () => {
    expectEnvelope(await rest(base, "GET", "/nothing-here", { headers: a.headers }), 404, "NOT_FOUND");
    expectEnvelope(await rest(base, "GET", `/tasks/${projectId}/nothing`, { headers: a.headers }), 404, "NOT_FOUND");
    const wrong = await rest(base, "PUT", "/tasks", { headers: a.headers, body: {} });
    expectEnvelope(wrong, 405, "METHOD_NOT_ALLOWED");
    expect(wrong.headers.get("allow")).toBe("POST, GET, OPTIONS");
    expect((await rest(base, "HEAD", "/tasks", { headers: a.headers })).status).toBe(405);
    expectEnvelope(
      await rest(base, "GET", `/tasks/${projectId}/move`, { headers: a.headers }),
      405,
      "METHOD_NOT_ALLOWED",
    );
    expectEnvelope(await rest(base, "DELETE", "/tasks", { headers: a.headers }), 405, "METHOD_NOT_ALLOWED");
    // URLs the router refuses before any hook: still the envelope, with the request id.
    expectEnvelope(await rest(base, "GET", "/tasks/%E0%A4%A", { headers: a.headers }), 400, "BAD_REQUEST");
    expectEnvelope(await rest(base, "GET", `/tasks/${"x".repeat(6000)}`, { headers: a.headers }), 414, "BAD_REQUEST");
  });

  it("bodies: non-JSON 415, malformed JSON 400, non-object 400, oversized 413 — before any procedure runs", async () => {
    const post = (options: Parameters<typeof rest>[3]) =>
      rest(base, "POST", "/tasks", { headers: a.headers, ...options });
    expectEnvelope(
      await post({ rawBody: "title=x", contentType: "application/x-www-form-urlencoded" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectEnvelope(await post({ rawBody: "{}", contentType: "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectEnvelope(await post({ rawBody: '{"title": ' }), 400, "BAD_REQUEST");
    expectEnvelope(await post({ rawBody: "[1,2]" }), 400, "BAD_REQUEST");
    expectEnvelope(await post({ rawBody: '"text"' }), 400, "BAD_REQUEST");
    expectEnvelope(await post({ body: { projectId, title: "x".repeat(5000) } }), 413, "PAYLOAD_TOO_LARGE");
    expectEnvelope(await post({ body: { projectId, title: "" } }), 400, "VALIDATION_ERROR");
    expect(await t.prisma.task.count({ where: { title: "" } })).toBe(0);
  });

  it("compresses JSON over 1 KB with brotli or gzip, as accepted; small answers stay plain", async () => {
    const path = `/projects/${projectId}/tasks?limit=30`;
    const br = await raw(path, { ...a.headers, "accept-encoding": "br" });
    expect(br.headers["content-encoding"]).toBe("br");
    const page = JSON.parse(brotliDecompressSync(br.body).toString()) as { data: unknown[] };
    expect(page.data).toHaveLength(30);
    const gz = await raw(path, { ...a.headers, "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gz.body).toString())).toEqual(page);
    const small = await raw(`/projects/${projectId}/tasks?limit=1`, { ...a.headers, "accept-encoding": "gzip, br" });
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers["cache-control"]).toBe("private, no-store");
  });

  it("does not compress /trpc (SSE subscriptions stream unbuffered)", async () => {
    const response = await fetch(
      `${base}/trpc/tasks.list?input=${encodeURIComponent(JSON.stringify({ orgId: a.orgId, projectId, limit: 30 }))}`,
      {
        headers: { ...a.headers, "accept-encoding": "gzip, br" },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBeNull();
  });

  it("CORS: an allowlisted origin may PATCH and DELETE with If-Match and reads ETag and Location", async () => {
    const preflight = await fetch(`${base}/api/v1/tasks/${projectId}`, {
      method: "OPTIONS",
      headers: {
        origin: ALLOWED_ORIGIN,
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "if-match, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("if-match");
    const answer = await rest(base, "GET", `/projects/${projectId}`, {
      headers: { ...a.headers, origin: ALLOWED_ORIGIN },
    });
    expect(answer.headers.get("access-control-expose-headers")).toContain("etag");
  });

  it("charges REST calls at the edge like /trpc: past the budget a 429 in the envelope with Retry-After, and nothing written", async () => {
    const caller = await restTenant(t, "Limited");
    const project = await createProject(t, caller.orgId, "Limited");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await rest(base, "POST", "/tasks", {
        headers: caller.headers,
        body: { projectId: project, title: `Limited ${i}` },
      });
      statuses.push(answer.status);
      if (answer.status === 429) {
        expectEnvelope(answer, 429, "RATE_LIMITED");
        expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([...Array<number>(10).fill(201), 429, 429]);
    expect(await t.prisma.task.count({ where: { projectId: project } })).toBe(10);
    // Charged before the body is read: even a malformed body is refused by the limit, not the parser.
    expectEnvelope(
      await rest(base, "POST", "/tasks", { headers: caller.headers, rawBody: "{oops" }),
      429,
      "RATE_LIMITED",
    );
    // Reads have their own budget.
    expect((await rest(base, "GET", `/projects/${project}/tasks`, { headers: caller.headers })).status).toBe(200);
  });

  it("serves the OpenAPI document and the docs page with their own CSP, uncharged", async () => {
    const spec = await fetch(`${base}/api/v1/openapi.json`);
    expect(spec.status).toBe(200);
    const document = (await spec.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/projects/{projectId}/tasks");
    const docs = await fetch(`${base}/api/v1/docs`);
    expect(docs.status).toBe(200);
    const csp = docs.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(await docs.text()).toContain("/api/v1/docs/scalar.js");
    const bundle = await fetch(`${base}/api/v1/docs/scalar.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
