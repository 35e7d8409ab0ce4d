import { createClientInputSchema, clientSchema } from "@agency/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../src/errors/app-error";
import { appRouter } from "../src/routers/app-router";
import { createClient } from "../src/services/clients/clients";
import { idempotent, IDEMPOTENCY_KEY_TTL_HOURS, requestFingerprint } from "../src/trpc/idempotency";
import { orgProcedure, router } from "../src/trpc/trpc";
import { createOrganizationAs, createProject, createSession, createTask, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi, type TrpcErrorBody } from "./helpers/test-api";

// The real router plus one procedure that writes, then fails: its write must roll back and no
// idempotency record may survive it.
const probeRouter = router({
  ...appRouter._def.record,
  probe: router({
    createClientThenFail: orgProcedure
      .meta({ permission: "client:write", limit: "write" })
      .input(createClientInputSchema)
      .output(clientSchema)
      .mutation(async ({ ctx, input }) => {
        await createClient(ctx.scope, input);
        throw new AppError("CONFLICT", "Failed after the write, on purpose.");
      }),
  }),
});

const SECRET = "idempotency-secret-0123456789abcdefghij";
let t: TestApi;
let base: string;
let ownerA: string;
let memberA: string;
let viewerA: string;
let ownerB: string;
let orgA: string;
let orgA2: string;
let orgB: string;
let projectA: string;
let projectA2: string;
const sessions = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApi({
    env: { INTERNAL_API_SECRET: SECRET },
    rateLimitOverrides: { write: { points: 10_000 }, read: { points: 10_000 } },
    router: probeRouter,
  });
  base = await t.listen();
  ownerA = await createUser(t, "owner@idem-a.test");
  memberA = await createUser(t, "member@idem-a.test");
  viewerA = await createUser(t, "viewer@idem-a.test");
  ownerB = await createUser(t, "owner@idem-b.test");
  orgA = await createOrganizationAs(t, ownerA, "Idem A", [
    { userId: memberA, role: "member" },
    { userId: viewerA, role: "viewer" },
  ]);
  // ownerA's second organization: the same actor in another org.
  orgA2 = await createOrganizationAs(t, ownerA, "Idem A2");
  orgB = await createOrganizationAs(t, ownerB, "Idem B");
  projectA = await createProject(t, orgA, "Website");
  projectA2 = await createProject(t, orgA2, "Other website");
  await createProject(t, orgB, "B's project");
  for (const user of [ownerA, memberA, viewerA, ownerB]) sessions.set(user, await createSession(t, user));
});
afterAll(() => t.close());

interface Answer {
  status: number;
  headers: Headers;
  /** The raw body: a replay must send the very same bytes. */
  text: string;
  body: { result?: { data?: Record<string, unknown> } } & Partial<TrpcErrorBody>;
}

/** A tRPC mutation over HTTP as `userId`'s browser session (through the web server's secret). */
async function mutate(userId: string, path: string, input: unknown, key?: string): Promise<Answer> {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-internal-secret": SECRET,
      "x-agency-session": sessions.get(userId)!,
      ...(key === undefined ? {} : { "idempotency-key": key }),
    },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Answer["body"] };
}

const replayed = (answer: Answer) => answer.headers.get("idempotent-replayed") === "true";
const errorCode = (answer: Answer) => answer.body.error?.data.code;
const newKey = () => `key-${crypto.randomUUID()}`;
const tasksTitled = (title: string) => t.prisma.task.count({ where: { title } });
const auditsOf = (action: string, targetId: string) => t.prisma.auditLog.count({ where: { action, targetId } });
const recordOf = (orgId: string, actorId: string, key: string) =>
  t.prisma.idempotencyKey.findUnique({ where: { orgId_actorId_key: { orgId, actorId, key } } });

describe("idempotency keys: one execution per key", () => {
  it("10 concurrent tasks.create with one key make exactly one task and one audit entry; each answer is the original, its replay, or 409 in flight", async () => {
    const key = newKey();
    const input = { orgId: orgA, projectId: projectA, title: "Concurrent create", labels: ["b", "a"] };
    const answers = await Promise.all(Array.from({ length: 10 }, () => mutate(ownerA, "tasks.create", input, key)));

    expect(await tasksTitled("Concurrent create")).toBe(1);
    const task = await t.prisma.task.findFirstOrThrow({ where: { title: "Concurrent create" } });
    expect(await auditsOf("task.created", task.id)).toBe(1);

    const originals = answers.filter((a) => a.status === 200 && !replayed(a));
    const replays = answers.filter((a) => a.status === 200 && replayed(a));
    const inFlight = answers.filter((a) => a.status === 409);
    expect(originals, "exactly one call ran the mutation").toHaveLength(1);
    expect(originals.length + replays.length + inFlight.length, "no other answer than 200 or 409").toBe(10);
    const original = originals[0]!;
    expect(original.body.result?.data?.id).toBe(task.id);
    for (const replay of replays) expect(replay.text).toBe(original.text);
    for (const conflict of inFlight) {
      expect(errorCode(conflict)).toBe("CONFLICT");
      expect(conflict.body.error?.details).toMatchObject({ header: "Idempotency-Key", reason: "in_flight" });
      expect(conflict.body.error?.message).toMatch(/still in progress/);
    }

    // A retry after the first finished: the stored answer, byte for byte, marked as a replay.
    const retry = await mutate(ownerA, "tasks.create", input, key);
    expect(retry.status).toBe(200);
    expect(replayed(retry)).toBe(true);
    expect(retry.text).toBe(original.text);
    expect(original.headers.get("idempotent-replayed")).toBeNull();
    expect(await tasksTitled("Concurrent create")).toBe(1);
    expect(await auditsOf("task.created", task.id)).toBe(1);
  });

  it("replays for the same body in another key order (canonical JSON) and only within 24 hours", async () => {
    const key = newKey();
    const first = await mutate(ownerA, "clients.create", { orgId: orgA, name: "Ordered", contactName: "Ada" }, key);
    expect(first.status).toBe(200);
    const again = await mutate(ownerA, "clients.create", { contactName: "Ada", name: "Ordered", orgId: orgA }, key);
    expect(replayed(again)).toBe(true);
    expect(again.text).toBe(first.text);
    const record = await recordOf(orgA, ownerA, key);
    expect(record).toMatchObject({ procedure: "clients.create" });
    expect(record!.expiresAt.getTime() - record!.createdAt.getTime()).toBe(IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000);
    expect(record!.fingerprint).toBe(
      requestFingerprint("clients.create", { orgId: orgA, name: "Ordered", contactName: "Ada" }),
    );
  });

  it("the same key with a different body, or for another procedure, is refused with 422 and runs nothing", async () => {
    const key = newKey();
    const first = await mutate(ownerA, "tasks.create", { orgId: orgA, projectId: projectA, title: "Keyed once" }, key);
    expect(first.status).toBe(200);

    const otherBody = await mutate(
      ownerA,
      "tasks.create",
      { orgId: orgA, projectId: projectA, title: "Keyed twice" },
      key,
    );
    expect(otherBody.status).toBe(422);
    expect(errorCode(otherBody)).toBe("UNPROCESSABLE");
    expect(otherBody.body.error?.message).toMatch(/already used for a different request/);
    expect(otherBody.body.error?.details).toMatchObject({ reason: "key_reused", procedure: "tasks.create" });

    const otherProcedure = await mutate(ownerA, "clients.create", { orgId: orgA, name: "Keyed client" }, key);
    expect(otherProcedure.status).toBe(422);
    expect(await tasksTitled("Keyed twice")).toBe(0);
    expect(await t.prisma.client.count({ where: { name: "Keyed client" } })).toBe(0);
  });

  it("keys are per actor and per organization: the same key elsewhere is independent", async () => {
    const key = newKey();
    const title = "Same key, other scope";
    const byOwner = await mutate(ownerA, "tasks.create", { orgId: orgA, projectId: projectA, title }, key);
    const byMember = await mutate(memberA, "tasks.create", { orgId: orgA, projectId: projectA, title }, key);
    const inOtherOrg = await mutate(ownerA, "tasks.create", { orgId: orgA2, projectId: projectA2, title }, key);
    for (const answer of [byOwner, byMember, inOtherOrg]) {
      expect(answer.status).toBe(200);
      expect(replayed(answer)).toBe(false);
    }
    expect(new Set([byOwner, byMember, inOtherOrg].map((a) => a.body.result?.data?.id)).size).toBe(3);
    expect(await tasksTitled(title)).toBe(3);
    // Another organization's member with the same key: their own, unrelated record.
    const inB = await mutate(ownerB, "clients.create", { orgId: orgB, name: "B's client" }, key);
    expect(inB.status).toBe(200);
    expect(replayed(inB)).toBe(false);
    expect(await t.prisma.idempotencyKey.count({ where: { key } })).toBe(4);
  });

  it("queries ignore the header; mutations without it run every time", async () => {
    const list = await fetch(`${base}/trpc/tasks.list?input=${encodeURIComponent(JSON.stringify({ orgId: orgA }))}`, {
      headers: { "x-internal-secret": SECRET, "x-agency-session": sessions.get(ownerA)!, "idempotency-key": "q" },
    });
    expect(list.status).toBe(200);
    expect(await t.prisma.idempotencyKey.count({ where: { key: "q" } })).toBe(0);
    const input = { orgId: orgA, projectId: projectA, title: "Unkeyed" };
    expect((await mutate(ownerA, "tasks.create", input)).status).toBe(200);
    expect((await mutate(ownerA, "tasks.create", input)).status).toBe(200);
    expect(await tasksTitled("Unkeyed")).toBe(2);
  });
});

describe("idempotency keys: failures store nothing", () => {
  it("a call refused by validation, permission or a version conflict stores nothing; the key works afterwards", async () => {
    const key = newKey();
    const invalid = await mutate(ownerA, "tasks.create", { orgId: orgA, projectId: projectA, title: "" }, key);
    expect(invalid.status).toBe(400);
    expect(await recordOf(orgA, ownerA, key)).toBeNull();
    const valid = await mutate(ownerA, "tasks.create", { orgId: orgA, projectId: projectA, title: "After a 400" }, key);
    expect(valid.status).toBe(200);
    expect(replayed(valid)).toBe(false);
    expect(await recordOf(orgA, ownerA, key)).toMatchObject({ procedure: "tasks.create" });

    const viewerKey = newKey();
    const forbidden = await mutate(
      viewerA,
      "tasks.create",
      { orgId: orgA, projectId: projectA, title: "Viewer" },
      viewerKey,
    );
    expect(forbidden.status).toBe(403);
    expect(await recordOf(orgA, viewerA, viewerKey)).toBeNull();

    const taskId = await createTask(t, orgA, projectA, "Versioned");
    const updateKey = newKey();
    const stale = await mutate(
      ownerA,
      "tasks.update",
      { orgId: orgA, taskId, expectedVersion: 7, patch: { title: "Stale" } },
      updateKey,
    );
    expect(stale.status).toBe(409);
    expect(errorCode(stale)).toBe("CONFLICT");
    expect(await recordOf(orgA, ownerA, updateKey)).toBeNull();
    const current = await mutate(
      ownerA,
      "tasks.update",
      { orgId: orgA, taskId, expectedVersion: 1, patch: { title: "Fresh" } },
      updateKey,
    );
    expect(current.status).toBe(200);
    expect(current.body.result?.data).toMatchObject({ title: "Fresh", version: 2 });
    expect(await recordOf(orgA, ownerA, updateKey)).toMatchObject({ procedure: "tasks.update" });
  });

  it("a mutation that fails after writing rolls back its write and stores no record", async () => {
    const key = newKey();
    const failed = await mutate(ownerA, "probe.createClientThenFail", { orgId: orgA, name: "Rolled back" }, key);
    expect(failed.status).toBe(409);
    expect(failed.body.error?.message).toBe("Failed after the write, on purpose.");
    expect(await t.prisma.client.count({ where: { name: "Rolled back" } })).toBe(0);
    const audits = { action: "client.created", orgId: orgA, metadata: { path: ["name"], equals: "Rolled back" } };
    expect(await t.prisma.auditLog.count({ where: audits })).toBe(0);
    expect(await recordOf(orgA, ownerA, key)).toBeNull();
    // The key is free: a real create with it runs.
    const created = await mutate(ownerA, "clients.create", { orgId: orgA, name: "Rolled back" }, key);
    expect(created.status).toBe(200);
    expect(replayed(created)).toBe(false);
    expect(await recordOf(orgA, ownerA, key)).toMatchObject({ procedure: "clients.create" });
  });

  it("the record lives in the call's transaction: rolled back with it, nothing remains", async () => {
    const key = newKey();
    const rollback = new Error("roll back");
    await expect(
      t.api.deps.db.tenant({ userId: ownerA, orgId: orgA }, async ({ tx, sql, role }) => {
        const scope = {
          tx,
          sql,
          org: { id: orgA, role: role! },
          actor: { userId: ownerA },
          request: { requestId: "idem-tx", ip: null, userAgent: null },
        };
        const result = await idempotent(
          {
            scope,
            headers: new Headers({ "idempotency-key": key }),
            responseHeaders: new Headers(),
            path: "tests.inTransaction",
            getRawInput: () => Promise.resolve({ n: 1 }),
          },
          () => Promise.resolve({ ok: true as const, data: { done: true } }),
        );
        expect(result).toEqual({ ok: true, data: { done: true } });
        // Visible inside the transaction…
        expect(await tx.idempotencyKey.count({ where: { key } })).toBe(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    // …and gone with it.
    expect(await recordOf(orgA, ownerA, key)).toBeNull();
  });
});

describe("idempotency keys: expiry and the header's format", () => {
  it("an expired key counts as new: the call runs and its record replaces the old one", async () => {
    const key = newKey();
    const first = await mutate(ownerA, "clients.create", { orgId: orgA, name: "Before expiry" }, key);
    expect(first.status).toBe(200);
    await t.prisma.idempotencyKey.update({
      where: { orgId_actorId_key: { orgId: orgA, actorId: ownerA, key } },
      data: { createdAt: new Date(Date.now() - 25 * 3_600_000), expiresAt: new Date(Date.now() - 3_600_000) },
    });
    // Even a different body: the old answer no longer binds the key.
    const second = await mutate(ownerA, "clients.create", { orgId: orgA, name: "After expiry" }, key);
    expect(second.status).toBe(200);
    expect(replayed(second)).toBe(false);
    expect(second.body.result?.data?.id).not.toBe(first.body.result?.data?.id);
    const record = await recordOf(orgA, ownerA, key);
    expect(record!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(record!.response).toMatchObject({ name: "After expiry" });
    // And the new record replays.
    const third = await mutate(ownerA, "clients.create", { orgId: orgA, name: "After expiry" }, key);
    expect(replayed(third)).toBe(true);
    expect(third.text).toBe(second.text);
  });

  it("refuses a malformed Idempotency-Key with 400 before any work", async () => {
    const input = { orgId: orgA, name: "Bad key" };
    for (const key of ["", "x".repeat(256), "tab\tinside", "caf\u00e9"]) {
      const answer = await mutate(ownerA, "clients.create", input, key);
      expect(answer.status, JSON.stringify(key)).toBe(400);
      expect(errorCode(answer)).toBe("BAD_REQUEST");
      expect(answer.body.error?.message).toMatch(/Idempotency-Key header must be 1–255 printable ASCII/);
    }
    expect(await t.prisma.client.count({ where: { name: "Bad key" } })).toBe(0);
    const longest = await mutate(ownerA, "clients.create", input, `${"k".repeat(250)} ~!@#`);
    expect(longest.status).toBe(200);
  });

  it("refuses a key on a batch of several calls (400, nothing runs); a batch of one call takes it", async () => {
    const post = (paths: string[], inputs: unknown[], key: string) =>
      fetch(`${base}/trpc/${paths.join(",")}?batch=1`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-internal-secret": SECRET,
          "x-agency-session": sessions.get(ownerA)!,
          "idempotency-key": key,
        },
        body: JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))),
      });
    const two = await post(
      ["clients.create", "clients.create"],
      [
        { orgId: orgA, name: "Batched 1" },
        { orgId: orgA, name: "Batched 2" },
      ],
      newKey(),
    );
    expect(two.status).toBe(400);
    expect(await two.text()).toMatch(/send keyed mutations unbatched/);
    expect(await t.prisma.client.count({ where: { name: { startsWith: "Batched" } } })).toBe(0);

    const key = newKey();
    const one = await post(["clients.create"], [{ orgId: orgA, name: "Batched alone" }], key);
    expect(one.status).toBe(200);
    const again = await post(["clients.create"], [{ orgId: orgA, name: "Batched alone" }], key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(await one.text());
    expect(await t.prisma.client.count({ where: { name: "Batched alone" } })).toBe(1);
  });

  it("lets browsers send the key and read the replay marker (CORS)", async () => {
    const preflight = await fetch(`${base}/trpc/clients.create`, {
      method: "OPTIONS",
      headers: {
        origin: "http://allowed.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,idempotency-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("idempotency-key");
    const answer = await fetch(`${base}/trpc/system.status`, { headers: { origin: "http://allowed.test" } });
    expect(answer.headers.get("access-control-expose-headers")).toContain("idempotent-replayed");
  });
});
