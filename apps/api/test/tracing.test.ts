import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withJobSpan } from "../src/observability/tracing";
import { createOrganizationAs, createSession, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "tracing-secret-0123456789abcdefghijklmn";
const EMAIL = "ada.private@tracing.test";
const CLIENT_NAME = "Lovelace Private Holdings";
const REQUEST_ID = "trace-test-request-0001";

const exporter = new InMemorySpanExporter();
let t: TestApi;
let base: string;
let orgId: string;
let session: string;

beforeAll(async () => {
  t = await startTestApi({
    env: { INTERNAL_API_SECRET: SECRET },
    spanProcessor: new SimpleSpanProcessor({ exporter }),
  });
  base = await t.listen();
  const owner = await createUser(t, EMAIL, "Ada Private");
  orgId = await createOrganizationAs(t, owner, "Tracing Org");
  session = await createSession(t, owner);
});
afterAll(() => t.close());

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) => spans.filter((s) => parentOf(s) === idOf(parent));

describe("tracing: one request's span tree", () => {
  it("HTTP request → tRPC procedure → tenant transaction → queries, with request id, org id and procedure, and no personal data", async () => {
    exporter.reset();
    const response = await fetch(`${base}/trpc/clients.create`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-internal-secret": SECRET,
        "x-agency-session": session,
        "x-request-id": REQUEST_ID,
      },
      body: JSON.stringify({ orgId, name: CLIENT_NAME, contactEmail: EMAIL }),
    });
    expect(response.status, await response.clone().text()).toBe(200);

    // The server span ends in onResponse, just after the answer went out.
    const root = await vi.waitFor(() => {
      const found = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
      if (!found) throw new Error("the HTTP span has not ended yet");
      return found;
    });
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === root.spanContext().traceId);

    expect(root.name).toBe("POST /trpc/:path");
    expect(parentOf(root)).toBeUndefined();
    expect(root.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/trpc/:path",
      "http.response.status_code": 200,
      "agency.request_id": REQUEST_ID,
    });

    const [procedure, ...otherProcedures] = childrenOf(spans, root);
    expect(otherProcedures, "one procedure under the request").toEqual([]);
    expect(procedure!.name).toBe("trpc clients.create");
    expect(procedure!.attributes).toMatchObject({
      "rpc.system": "trpc",
      "rpc.method": "clients.create",
      "agency.procedure.type": "mutation",
      "agency.request_id": REQUEST_ID,
      "agency.org_id": orgId,
      "agency.result_code": "OK",
    });

    const transactions = childrenOf(spans, procedure!);
    expect(transactions.map((s) => s.name)).toEqual(["db.transaction tenant"]);
    const queries = childrenOf(spans, transactions[0]!);
    expect(queries.length, "the entry statement, the insert, the audit entry, BEGIN/COMMIT").toBeGreaterThanOrEqual(3);
    for (const query of queries) {
      expect(query.kind).toBe(SpanKind.CLIENT);
      expect(query.name).toMatch(/^db\.query [A-Z]+$/);
      expect(query.attributes["db.system.name"]).toBe("postgresql");
    }
    const insert = queries.find((q) =>
      String(q.attributes["db.query.text"] ?? "").match(/INSERT INTO "public"\."clients"/i),
    );
    expect(insert, "the client insert, its parameterized text on the span").toBeDefined();
    expect(String(insert!.attributes["db.query.text"])).toMatch(/\$1/);

    // Nothing about a person, and no statement parameters, anywhere in the tree.
    const everything = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status })));
    for (const secret of [EMAIL, CLIENT_NAME, "Ada Private", session, SECRET]) expect(everything).not.toContain(secret);

    // The request's log line carries the trace id.
    const line = t.logs().find((l) => l.requestId === REQUEST_ID && l.msg === "request completed");
    expect(line?.traceId).toBe(root.spanContext().traceId);
  });

  it("joins a caller's W3C trace and marks a failed procedure's span", async () => {
    exporter.reset();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const response = await fetch(
      `${base}/trpc/clients.get?input=${encodeURIComponent(JSON.stringify({ orgId, clientId: crypto.randomUUID() }))}`,
      {
        headers: {
          "x-internal-secret": SECRET,
          "x-agency-session": session,
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        },
      },
    );
    expect(response.status).toBe(404);
    const root = await vi.waitFor(() => {
      const found = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
      if (!found) throw new Error("the HTTP span has not ended yet");
      return found;
    });
    expect(root.spanContext().traceId).toBe(traceId);
    expect(root.attributes["http.response.status_code"]).toBe(404);
    const procedure = childrenOf(exporter.getFinishedSpans(), root)[0]!;
    expect(procedure.status).toMatchObject({ code: SpanStatusCode.ERROR, message: "NOT_FOUND" });
    // The input went in the query string: not on any span.
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain("input=");
  });

  it("withJobSpan runs a job as a consumer span with its ids, database work beneath it", async () => {
    exporter.reset();
    await withJobSpan("mail.send", { queue: "mail", jobId: "job-1", orgId, requestId: REQUEST_ID, attempt: 2 }, () =>
      t.api.deps.db.maintenance(async ({ tx }) => {
        await tx.organization.count();
        // A statement with a literal value in its text: the span keeps only its operation.
        await tx.$queryRawUnsafe(`SELECT 'literal-${EMAIL}' AS value`);
      }),
    );
    const spans = exporter.getFinishedSpans();
    const job = spans.find((s) => s.name === "job mail.send")!;
    expect(job.kind).toBe(SpanKind.CONSUMER);
    expect(job.attributes).toMatchObject({
      "messaging.destination.name": "mail",
      "messaging.message.id": "job-1",
      "agency.org_id": orgId,
      "agency.request_id": REQUEST_ID,
      "agency.job.attempt": 2,
    });
    const transaction = childrenOf(spans, job)[0]!;
    expect(transaction.name).toBe("db.transaction maintenance");
    const queries = childrenOf(spans, transaction);
    expect(
      queries.map((q) => q.attributes["db.query.text"]).some((text) => String(text).includes('"organizations"')),
    ).toBe(true);
    const literal = queries.find(
      (q) => q.attributes["db.operation.name"] === "SELECT" && q.attributes["db.query.text"] === undefined,
    );
    expect(literal, "the statement with a literal has a span, without its text").toBeDefined();
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(EMAIL);
  });
});
