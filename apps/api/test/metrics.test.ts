import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMetrics } from "../src/observability/metrics";
import { startMetricsListener } from "../src/observability/metrics-listener";
import { createOrganizationAs, createSession, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "metrics-secret-0123456789abcdefghijklmn";
const METRICS_TOKEN = "metrics-token-0123456789abcdefghijklmnop";
const READ_LIMIT = 5;

let t: TestApi;
let base: string;
let orgId: string;
let session: string;

beforeAll(async () => {
  t = await startTestApi({
    env: { INTERNAL_API_SECRET: SECRET, METRICS_TOKEN },
    // Small enough to be refused within a few anonymous reads (signed-in reads are keyed by user).
    rateLimitOverrides: { read: { points: READ_LIMIT } },
  });
  base = await t.listen();
  const owner = await createUser(t, "owner@metrics.test");
  orgId = await createOrganizationAs(t, owner, "Metrics Org");
  session = await createSession(t, owner);
});
afterAll(() => t.close());

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) =>
  fetch(`${base}/metrics`, { headers });

/** The value of one sample in Prometheus text format, or undefined. Labels must match exactly the ones given (any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

const query = (path: string, input: unknown) =>
  fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { "x-internal-secret": SECRET, "x-agency-session": session },
  });

describe("/metrics is never public", () => {
  it("answers 404 like an unknown route without the token, with a wrong one, or with another scheme", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer wrong-token-0123456789abcdefghijklmnop" },
      { authorization: `Basic ${METRICS_TOKEN}` },
    ]) {
      const response = await scrape(headers);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });

  it("serves the series only on 127.0.0.1 when given a port of its own", async () => {
    const metrics = createMetrics();
    const listener = await startMetricsListener({ metrics, port: 0, token: METRICS_TOKEN });
    try {
      const ok = await fetch(`http://127.0.0.1:${listener.port}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("nodejs_eventloop_lag_seconds");
      expect((await fetch(`http://127.0.0.1:${listener.port}/metrics`)).status).toBe(404);
      expect(
        (
          await fetch(`http://127.0.0.1:${listener.port}/other`, {
            headers: { authorization: `Bearer ${METRICS_TOKEN}` },
          })
        ).status,
      ).toBe(404);
      // Bound to loopback only: the machine's other addresses do not answer.
      await expect(fetch(`http://[::1]:${listener.port}/metrics`)).rejects.toThrow();
    } finally {
      await listener.close();
    }
  });
});

describe("/metrics after some calls", () => {
  it("has every series, with sensible values", async () => {
    const metrics = t.api.deps.observability!.metrics!;
    const errorsBefore = async (code: string) =>
      sample(await (await scrape()).text(), "agency_errors_total", { code }) ?? 0;
    const notFoundBefore = await errorsBefore("NOT_FOUND");
    const rateLimitedBefore = await errorsBefore("RATE_LIMITED");
    // Calls: two good reads, one not found, one unknown route, anonymous reads past their limit.
    expect((await query("clients.list", { orgId })).status).toBe(200);
    expect((await query("clients.list", { orgId })).status).toBe(200);
    expect((await query("clients.get", { orgId, clientId: crypto.randomUUID() })).status).toBe(404);
    expect((await fetch(`${base}/no/such/route/${crypto.randomUUID()}`)).status).toBe(404);
    const anonymous = [];
    for (let i = 0; i <= READ_LIMIT; i++) anonymous.push((await fetch(`${base}/trpc/system.status`)).status);
    expect(anonymous.at(-1)).toBe(429);
    // A live stream, open while we scrape.
    const stream = new AbortController();
    const sse = await fetch(`${base}/trpc/system.heartbeat`, {
      headers: { accept: "text/event-stream" },
      signal: stream.signal,
    });
    const reader = sse.body!.getReader();
    await reader.read(); // the first beat: the stream is open
    // What the job and webhook code will report.
    metrics.setQueueDepthReader(async () => [
      { queue: "mail", state: "created", count: 3 },
      { queue: "mail", state: "failed", count: 1 },
    ]);
    await metrics.observeJobRun("mail", async () => "sent");
    await expect(
      metrics.observeJobRun("mail", () => Promise.reject(new Error("smtp down")), { finalAttempt: true }),
    ).rejects.toThrow("smtp down");
    metrics.webhookDeliveries.inc({ outcome: "success" });

    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();

    // Requests per route pattern and status; unknown paths share one label, raw URLs never appear.
    expect(
      sample(text, "agency_http_request_duration_seconds_count", {
        route: "/trpc/:path",
        method: "GET",
        status: "200",
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, "agency_http_request_duration_seconds_count", { route: "unmatched", method: "GET", status: "404" }),
    ).toBe(1);
    expect(text).not.toContain("/no/such/route");
    // Procedures by name, type and result code.
    expect(
      sample(text, "agency_trpc_procedure_duration_seconds_count", {
        procedure: "clients.list",
        type: "query",
        code: "OK",
      }),
    ).toBe(2);
    expect(
      sample(text, "agency_trpc_procedure_duration_seconds_count", {
        procedure: "clients.get",
        type: "query",
        code: "NOT_FOUND",
      }),
    ).toBe(1);
    expect(
      sample(text, "agency_trpc_procedure_duration_seconds_bucket", { procedure: "clients.list", le: "+Inf" }),
    ).toBe(2);
    // Errors by code: a procedure's (clients.get) and an unmatched path's 404, an edge refusal's 429.
    expect(sample(text, "agency_errors_total", { code: "NOT_FOUND" })! - notFoundBefore).toBe(2);
    expect(sample(text, "agency_errors_total", { code: "RATE_LIMITED" })! - rateLimitedBefore).toBe(1);
    // The database: transactions, statements, the pool.
    expect(
      sample(text, "agency_db_transaction_duration_seconds_count", { kind: "tenant", outcome: "commit" }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, "agency_db_transaction_duration_seconds_count", { kind: "tenant", outcome: "rollback" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, "agency_db_query_duration_seconds_count", { outcome: "ok" })).toBeGreaterThanOrEqual(4);
    const total = sample(text, "agency_db_pool_connections", { state: "total" })!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(4); // DATABASE_POOL_MAX of the test API
    expect(sample(text, "agency_db_pool_connections", { state: "idle" })).toBeLessThanOrEqual(total);
    expect(sample(text, "agency_db_pool_connections", { state: "waiting" })).toBe(0);
    // The process: event-loop lag (prom-client's default metrics).
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
    // Rate limits and streams.
    expect(sample(text, "agency_rate_limit_refusals_total", { limit: "read" })).toBe(1);
    expect(sample(text, "agency_sse_connections")).toBe(1);
    // Jobs and webhooks.
    expect(sample(text, "agency_job_queue_depth", { queue: "mail", state: "created" })).toBe(3);
    expect(sample(text, "agency_job_queue_depth", { queue: "mail", state: "failed" })).toBe(1);
    expect(sample(text, "agency_job_run_duration_seconds_count", { queue: "mail", outcome: "completed" })).toBe(1);
    expect(sample(text, "agency_job_run_duration_seconds_count", { queue: "mail", outcome: "failed" })).toBe(1);
    expect(sample(text, "agency_job_failures_total", { queue: "mail", final: "true" })).toBe(1);
    expect(sample(text, "agency_webhook_deliveries_total", { outcome: "success" })).toBe(1);

    // The stream closes: the gauge goes back down.
    await reader.cancel();
    stream.abort();
    await vi.waitFor(async () => expect(sample(await (await scrape()).text(), "agency_sse_connections")).toBe(0));
  });
});
