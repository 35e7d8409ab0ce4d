import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMemoryStreamRegistry,
  MAX_STREAMS_PER_SESSION,
  MAX_STREAMS_PER_USER,
} from "../src/realtime/stream-registry";
import { MAX_BATCH_SIZE } from "../src/http/trpc-rate-limit";
import { createOrganizationAs, createSession, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "abuse-bounds-secret-0123456789abcdefgh";
let t: TestApi;
let base: string;
let userId: string;
let orgId: string;

beforeAll(async () => {
  t = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET }, rateLimitOverrides: { read: { points: 40 } } });
  base = await t.listen();
  userId = await createUser(t, "abuse@bounds.test");
  orgId = await createOrganizationAs(t, userId, "Bounds");
});
afterAll(() => t.close());

const asSession = (sessionId: string) => ({ "x-internal-secret": SECRET, "x-agency-session": sessionId });
const batchUrl = (paths: string[], input: unknown) =>
  `${base}/trpc/${paths.join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(paths.map((_, i) => [i, input]))))}`;

describe("batches", () => {
  it(`refuses a batch of more than ${MAX_BATCH_SIZE} calls with a clear 400, before any work`, async () => {
    const session = await createSession(t, userId);
    const paths = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => "organizations.get");
    const response = await fetch(batchUrl(paths, { orgId }), { headers: asSession(session) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error.message).toMatch(new RegExp(`at most ${MAX_BATCH_SIZE} calls`));
    expect(body.error.data.code).toBe("BAD_REQUEST");
    // Nothing was charged: the budget is untouched.
    const single = await fetch(
      `${base}/trpc/organizations.get?input=${encodeURIComponent(JSON.stringify({ orgId }))}`,
      {
        headers: asSession(session),
      },
    );
    expect(single.headers.get("ratelimit-remaining")).toBe("39");
  });

  it.each([
    ["%62atch=1", "an encoded key"],
    ["batch=%31", "an encoded value"],
    ["x=1&batch=1&batch=0", "a later parameter"],
  ])("counts a batch marked with %s (%s) as tRPC does, so the bound still holds", async (marker) => {
    const session = await createSession(t, userId);
    const paths = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => "organizations.get");
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(paths.map((_, i) => [i, { orgId }]))));
    const response = await fetch(`${base}/trpc/${paths.join(",")}?${marker}&input=${input}`, {
      headers: asSession(session),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(new RegExp(`at most ${MAX_BATCH_SIZE} calls`));
  });

  it("does not take batch=10 or batch=1x for a batch (tRPC does not either)", async () => {
    const session = await createSession(t, userId);
    for (const marker of ["batch=10", "batch=1x", "xbatch=1"]) {
      const response = await fetch(
        `${base}/trpc/organizations.get?${marker}&input=${encodeURIComponent(JSON.stringify({ orgId }))}`,
        { headers: asSession(session) },
      );
      expect(response.status).toBe(200);
      expect(Array.isArray(await response.json())).toBe(false);
    }
  });

  it("charges every call of a batch to the caller's budget, and refuses the whole batch past it", async () => {
    const session = await createSession(t, userId);
    const ten = Array.from({ length: 10 }, () => "organizations.get");
    const first = await fetch(batchUrl(ten, { orgId }), { headers: asSession(session) });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-remaining")).toBe("30");
    for (let i = 0; i < 3; i++) await fetch(batchUrl(ten, { orgId }), { headers: asSession(session) });
    const refused = await fetch(batchUrl(ten, { orgId }), { headers: asSession(session) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { data: { code: string; path: string } } }[];
    expect(body).toHaveLength(10);
    expect(
      body.every((item) => item.error.data.code === "RATE_LIMITED" && item.error.data.path === "organizations.get"),
    ).toBe(true);
  });

  it("spends the budget of the session the web server vouches for, not of the client address", async () => {
    const [a, b] = [await createSession(t, userId), await createSession(t, userId)];
    const url = `${base}/trpc/organizations.get?input=${encodeURIComponent(JSON.stringify({ orgId }))}`;
    const remaining = async (session: string) =>
      (await fetch(url, { headers: asSession(session) })).headers.get("ratelimit-remaining");
    expect(await remaining(a)).toBe("39");
    expect(await remaining(a)).toBe("38");
    expect(await remaining(b)).toBe("39");
  });
});

describe("concurrent streams", () => {
  it(`one session holds at most ${MAX_STREAMS_PER_SESSION} open streams; the next is refused with a clear error`, async () => {
    const session = await createSession(t, userId);
    const controllers: AbortController[] = [];
    const open = async () => {
      const controller = new AbortController();
      controllers.push(controller);
      const response = await fetch(`${base}/trpc/system.heartbeat`, {
        headers: { accept: "text/event-stream", ...asSession(session) },
        signal: controller.signal,
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      while (!/data: \{"sequence"|serialized-error/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      return text;
    };
    try {
      for (let i = 0; i < MAX_STREAMS_PER_SESSION; i++) expect(await open()).toMatch(/"sequence":1/);
      const refused = await open();
      expect(refused).toMatch(/serialized-error/);
      expect(refused).toMatch(/Too many live connections for this session/);
      expect(refused).toMatch(/"httpStatus":429/);
      // Closing one frees a slot.
      controllers.shift()!.abort();
      await expect.poll(open, { timeout: 5_000 }).toMatch(/"sequence":1/);
    } finally {
      for (const controller of controllers) controller.abort();
    }
  });

  it("counts per session and per user, and a released slot is free again", async () => {
    const registry = createMemoryStreamRegistry();
    const leases = [];
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < MAX_STREAMS_PER_SESSION; i++)
        leases.push(await registry.open({ connection: `session:${s}`, userId: "u" }));
    }
    expect(leases).toHaveLength(MAX_STREAMS_PER_USER);
    await expect(registry.open({ connection: "session:2", userId: "u" })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    leases[0]!.release();
    leases[0]!.release(); // idempotent
    await expect(registry.open({ connection: "session:2", userId: "u" })).resolves.toBeDefined();
    expect(registry.count("streams:user:u")).toBe(MAX_STREAMS_PER_USER);
  });
});
