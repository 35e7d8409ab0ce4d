import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appRouter } from "../src/routers/app-router";
import { orgProcedure, publicProcedure, router } from "../src/trpc/trpc";
import { createOrganizationAs, createSession, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "sentry-secret-0123456789abcdefghijklmnop";
const EMAIL = "grace.private@sentry.test";

// The real router plus procedures with bugs whose messages quote personal data.
const routerWithBugs = router({
  ...appRouter._def.record,
  broken: publicProcedure.meta({ limit: "read" }).query(() => {
    throw new Error(`duplicate key: Key (email)=(${EMAIL}) already exists; token = 'tok_live_123'`);
  }),
  brokenInOrg: orgProcedure.meta({ permission: "client:read", limit: "read" }).query(() => {
    throw new Error(`could not notify ${EMAIL}`);
  }),
});

/** Stands in for Sentry's ingest: collects the envelopes the SDK posts. */
interface Envelope {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  items: { header: Record<string, unknown>; payload: Record<string, unknown> }[];
  raw: string;
}
const envelopes: Envelope[] = [];
let receiver: Server;
let t: TestApi;
let base: string;
let orgId: string;
let session: string;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const raw = (request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8");
      const [, ...lines] = raw.split("\n").filter(Boolean);
      const items = [];
      for (let i = 0; i + 1 < lines.length; i += 2) {
        items.push({
          header: JSON.parse(lines[i]!) as Record<string, unknown>,
          payload: JSON.parse(lines[i + 1]!) as Record<string, unknown>,
        });
      }
      envelopes.push({ url: request.url ?? "", headers: request.headers, items, raw });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  t = await startTestApi({
    env: {
      INTERNAL_API_SECRET: SECRET,
      SENTRY_DSN: `http://publicKey@127.0.0.1:${port}/1`,
      SENTRY_ENVIRONMENT: "test",
    },
    router: routerWithBugs,
  });
  t.api.app.get("/boom", () => {
    throw new Error(`plain route failed for ${EMAIL}`);
  });
  base = await t.listen();
  const owner = await createUser(t, EMAIL, "Grace Private");
  orgId = await createOrganizationAs(t, owner, "Sentry Org");
  session = await createSession(t, owner);
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});

/** The error events received for one request id. */
function eventsFor(requestId: string) {
  return envelopes
    .flatMap((e) => e.items.map((item) => ({ envelope: e, ...item })))
    .filter(
      (item) =>
        item.header.type === "event" &&
        (item.payload.tags as Record<string, string> | undefined)?.request_id === requestId,
    );
}

async function oneEventFor(requestId: string) {
  return vi.waitFor(() => {
    const events = eventsFor(requestId);
    if (events.length === 0) throw new Error(`no event for ${requestId} yet`);
    return events;
  });
}

const personal = [EMAIL, "Grace Private", "tok_live_123", SECRET, "cookie-value-123", "Bearer abc"];

describe("error reporting to a Sentry DSN", () => {
  it("reports a procedure's 500 once, with request id and procedure, and nothing personal", async () => {
    const requestId = "sentry-test-request-0001";
    const response = await fetch(`${base}/trpc/broken`, {
      headers: { "x-request-id": requestId, cookie: "session=cookie-value-123", authorization: "Bearer abc" },
    });
    expect(response.status).toBe(500);
    const events = await oneEventFor(requestId);
    expect(events).toHaveLength(1);
    const [{ envelope, payload }] = events as [(typeof events)[number]];
    expect(envelope.url).toMatch(/^\/api\/1\/envelope\//);
    expect(payload.tags).toMatchObject({ request_id: requestId, procedure: "broken" });
    expect(payload.environment).toBe("test");
    const exception = (payload.exception as { values: { type: string; value: string }[] }).values.at(-1)!;
    expect(exception.type).toBe("Error");
    // The shape survives; the values are gone.
    expect(exception.value).toBe("duplicate key: Key (email)=([redacted]) already exists; token = '[redacted]'");
    expect(payload.request).toBeUndefined();
    expect(payload.user).toBeUndefined();
    for (const secret of personal) expect(envelope.raw).not.toContain(secret);
  });

  it("reports an org procedure's 500 with the organization's id", async () => {
    const requestId = "sentry-test-request-0002";
    const response = await fetch(`${base}/trpc/brokenInOrg?input=${encodeURIComponent(JSON.stringify({ orgId }))}`, {
      headers: { "x-request-id": requestId, "x-internal-secret": SECRET, "x-agency-session": session },
    });
    expect(response.status).toBe(500);
    const [{ envelope, payload }] = (await oneEventFor(requestId)) as [ReturnType<typeof eventsFor>[number]];
    expect(payload.tags).toMatchObject({ request_id: requestId, org_id: orgId, procedure: "brokenInOrg" });
    for (const secret of [...personal, session]) expect(envelope.raw).not.toContain(secret);
  });

  it("reports a plain route's 500, and no 4xx", async () => {
    const requestId = "sentry-test-request-0003";
    expect((await fetch(`${base}/boom`, { headers: { "x-request-id": requestId } })).status).toBe(500);
    const [{ envelope, payload }] = (await oneEventFor(requestId)) as [ReturnType<typeof eventsFor>[number]];
    expect(payload.tags).toMatchObject({ request_id: requestId, procedure: "/boom" });
    expect(envelope.raw).not.toContain(EMAIL);

    const notFound = "sentry-test-request-0004";
    expect(
      (
        await fetch(
          `${base}/trpc/clients.get?input=${encodeURIComponent(JSON.stringify({ orgId, clientId: crypto.randomUUID() }))}`,
          {
            headers: { "x-request-id": notFound, "x-internal-secret": SECRET, "x-agency-session": session },
          },
        )
      ).status,
    ).toBe(404);
    // Flushing what is queued proves the 404 was never sent, not merely not yet.
    await t.api.deps.observability!.errors!.close();
    expect(eventsFor(notFound)).toHaveLength(0);
  });
});
