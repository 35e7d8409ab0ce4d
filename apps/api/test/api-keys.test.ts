import { ALL_PERMISSIONS, type ApiKey, type Permission } from "@agency/validators";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMembers,
  bearer,
  createApiKey,
  createProject,
  createSession,
  createTask,
  createUser,
  seedOrganization,
} from "./helpers/fixtures";
import { countStatements } from "./helpers/statement-counter";
import { startTestApi, trpcMutation, type TestApi } from "./helpers/test-api";

/**
 * API keys over real HTTP: created by an admin (secret shown once, only its hash stored), used
 * as `Authorization: Bearer`, scoped, revoked, expired, rotated with an overlap, confined to
 * their own organization, audited as the key, refused account procedures, malformed tokens
 * refused before any database work, and never logged. Two organizations throughout.
 */
const SECRET = "internal-secret-for-api-keys-tests-0123456789";

let t: TestApi;
let base: string;
let org: string;
let otherOrg: string;
let owner: string;
let ownerHeaders: Record<string, string>;
let task: string;
let otherTask: string;

interface Answer<T = unknown> {
  status: number;
  data: T;
  error?: { message: string; data: { code: string; httpStatus: number }; details?: Record<string, unknown> };
  headers: Headers;
}

async function query<T = unknown>(path: string, input: unknown, headers: Record<string, string>): Promise<Answer<T>> {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${base}/trpc/${path}${search}`, { headers });
  const body = (await response.json()) as { result?: { data: T }; error?: Answer["error"] };
  return { status: response.status, data: body.result?.data as T, error: body.error, headers: response.headers };
}

async function mutate<T = unknown>(path: string, input: unknown, headers: Record<string, string>): Promise<Answer<T>> {
  const answer = await trpcMutation(base, path, input, headers);
  const body = answer.body as unknown as { result?: { data: T }; error?: Answer["error"] };
  return { status: answer.status, data: body.result?.data as T, error: body.error, headers: answer.headers };
}

const taskIds = (answer: Answer<{ items: { id: string }[] }>) => answer.data.items.map((item) => item.id);

/** A key made through apiKeys.create by the org's owner (the way admins make them). */
async function createKeyAsOwner(scopes: Permission[], name = `Key ${crypto.randomUUID().slice(0, 8)}`) {
  const answer = await mutate<{ key: ApiKey; secret: string }>(
    "apiKeys.create",
    { orgId: org, name, scopes },
    ownerHeaders,
  );
  expect(answer.status, JSON.stringify(answer.error)).toBe(200);
  return answer.data;
}

beforeAll(async () => {
  t = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET, RATE_LIMIT_SCALE: "100" } });
  base = await t.listen();
  owner = await createUser(t, "owner@keys.test", "Olivia Owner");
  org = await seedOrganization(t, "Keys Agency", [{ userId: owner, role: "owner" }]);
  otherOrg = await seedOrganization(t, "Other Agency", [
    { userId: await createUser(t, "other@keys.test"), role: "owner" },
  ]);
  ownerHeaders = { "x-internal-secret": SECRET, "x-agency-session": await createSession(t, owner) };
  task = await createTask(t, org, await createProject(t, org, "Site"), "Ours");
  otherTask = await createTask(t, otherOrg, await createProject(t, otherOrg, "Theirs"), "Theirs");
});
afterAll(() => t?.close());

describe("creating and listing keys", () => {
  it("shows the secret once, stores only its SHA-256, and lists the prefix", async () => {
    const { key, secret } = await createKeyAsOwner(["task:read", "project:read"], "Zapier");
    expect(secret).toMatch(/^aos_live_[0-9A-Za-z]{61}$/);
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(key).toMatchObject({
      name: "Zapier",
      scopes: ["project:read", "task:read"],
      status: "active",
      lastUsedAt: null,
    });
    expect(key.createdBy).toEqual({ id: owner, name: "Olivia Owner" });

    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(secret.slice(21));

    const list = await query<ApiKey[]>("apiKeys.list", { orgId: org }, ownerHeaders);
    expect(list.status).toBe(200);
    expect(list.data.find((k) => k.id === key.id)?.prefix).toBe(key.prefix);
    const listed = JSON.stringify(list.data);
    expect(listed).not.toContain(secret.slice(21));
    expect(listed).not.toContain(row.secretHash);
  });

  it("makes the key a service user that member lists and the org's people never show", async () => {
    const { key } = await createKeyAsOwner(["member:read"], "Reporting");
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id }, include: { serviceUser: true } });
    expect(row.serviceUser).toMatchObject({ kind: "service", passwordHash: null, name: "Reporting" });
    const members = await query<{ userId: string }[]>("members.list", { orgId: org }, ownerHeaders);
    expect(members.data.map((m) => m.userId)).toEqual([owner]);
  });

  it("refuses scopes beyond the creator's role", async () => {
    const admin = await createUser(t, "admin@keys.test");
    await addMembers(t, org, [{ userId: admin, role: "admin" }]);
    const headers = { "x-internal-secret": SECRET, "x-agency-session": await createSession(t, admin) };
    const answer = await mutate(
      "apiKeys.create",
      { orgId: org, name: "Too much", scopes: ["billing:manage"] },
      headers,
    );
    expect(answer.status).toBe(403);
    expect(answer.error?.message).toContain("billing:manage");
  });

  it("refuses members without apikey:manage", async () => {
    const member = await createUser(t, "member@keys.test");
    await addMembers(t, org, [{ userId: member, role: "member" }]);
    const headers = { "x-internal-secret": SECRET, "x-agency-session": await createSession(t, member) };
    const answer = await query("apiKeys.list", { orgId: org }, headers);
    expect(answer.status).toBe(403);
  });

  it("create and rotate refuse an Idempotency-Key: a stored answer would keep the secret and show it twice", async () => {
    const keyed = { ...ownerHeaders, "idempotency-key": `key-once-${crypto.randomUUID()}` };
    const before = await t.prisma.apiKey.count({ where: { orgId: org } });
    const created = await mutate("apiKeys.create", { orgId: org, name: "Keyed", scopes: ["task:read"] }, keyed);
    expect(created.status).toBe(400);
    expect(created.error?.message).toContain("Idempotency-Key");
    const { key } = await createKeyAsOwner(["task:read"]);
    const rotated = await mutate("apiKeys.rotate", { orgId: org, apiKeyId: key.id, overlapHours: 0 }, keyed);
    expect(rotated.status).toBe(400);
    expect(await t.prisma.apiKey.count({ where: { orgId: org } })).toBe(before + 1);
    expect(await t.prisma.idempotencyKey.count({ where: { orgId: org, key: keyed["idempotency-key"] } })).toBe(0);
  });

  it("refuses an expiry in the past", async () => {
    const input = { orgId: org, name: "Stale", scopes: ["task:read"], expiresAt: "2020-01-01T00:00:00Z" };
    const answer = await mutate("apiKeys.create", input, ownerHeaders);
    expect(answer.status).toBe(400);
  });
});

  it("refuses an owner whose email is not verified, and mints nothing; once verified the same call works", async () => {
    const unverified = await createUser(t, "unverified@keys.test", "Una Unverified", { verified: false });
    const own = await seedOrganization(t, "Unverified Agency", [{ userId: unverified, role: "owner" }]);
    const headers = { "x-internal-secret": SECRET, "x-agency-session": await createSession(t, unverified) };
    const input = { orgId: own, name: "Early", scopes: ["task:read"] };
    const refused = await mutate("apiKeys.create", input, headers);
    expect(refused.status).toBe(403);
    expect(refused.error?.details).toEqual({ reason: "email_unverified" });
    expect(await t.prisma.apiKey.count({ where: { orgId: own } })).toBe(0);

    await t.prisma.user.update({ where: { id: unverified }, data: { emailVerifiedAt: new Date() } });
    const created = await mutate<{ secret: string }>("apiKeys.create", input, headers);
    expect(created.status).toBe(200);
    expect(await t.prisma.apiKey.count({ where: { orgId: own } })).toBe(1);
  });

describe("calling with a key", () => {
  it("lists the tasks of the key's organization, with or without naming it", async () => {
    const { secret } = await createKeyAsOwner(["task:read"]);
    const implicit = await query<{ items: { id: string }[] }>("tasks.list", {}, bearer(secret));
    expect(implicit.status, JSON.stringify(implicit.error)).toBe(200);
    expect(taskIds(implicit)).toEqual([task]);
    const named = await query<{ items: { id: string }[] }>("tasks.list", { orgId: org }, bearer(secret));
    expect(taskIds(named)).toEqual([task]);
  });

  it("answers 403 naming the scope a key lacks", async () => {
    const { secret } = await createKeyAsOwner(["task:read"]);
    const answer = await mutate("tasks.create", { projectId: crypto.randomUUID(), title: "Nope" }, bearer(secret));
    expect(answer.status).toBe(403);
    expect(answer.error?.message).toContain("task:write");
  });

  it("answers 404 for another organization's resource and for naming another organization", async () => {
    const { secret } = await createKeyAsOwner(
      ALL_PERMISSIONS.filter((p) => p !== "owner:manage" && p !== "billing:manage" && p !== "org:delete"),
    );
    const foreignTask = await query("tasks.get", { taskId: otherTask }, bearer(secret));
    expect(foreignTask.status).toBe(404);
    const namingOther = await query("tasks.list", { orgId: otherOrg }, bearer(secret));
    expect(namingOther.status).toBe(404);
    expect(namingOther.error?.message).toBe("Organization not found.");
    const viaHeader = await query("tasks.list", {}, { ...bearer(secret), "x-org-id": otherOrg });
    expect(viaHeader.status).toBe(404);
  });

  it("a session caller still has to choose an organization", async () => {
    const answer = await query("tasks.list", {}, ownerHeaders);
    expect(answer.status).toBe(400);
    expect(answer.error?.message).toContain("Choose an organization");
  });

  it("refuses account procedures: a key has no account", async () => {
    const { secret } = await createKeyAsOwner(
      ALL_PERMISSIONS.filter((p) => !["owner:manage", "billing:manage", "org:delete"].includes(p)),
    );
    const me = await query("account.me", undefined, bearer(secret));
    expect(me.status).toBe(403);
    expect(me.error?.message).toContain("API keys act only inside their organization");
    const mine = await query("organizations.mine", undefined, bearer(secret));
    expect(mine.status).toBe(403);
  });

  it("records last use, at most once a minute", async () => {
    const { key, secret } = await createKeyAsOwner(["task:read"]);
    await query("tasks.list", {}, bearer(secret));
    const first = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await query("tasks.list", {}, bearer(secret));
    const second = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    expect(second).toEqual(first);
    await t.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
    await query("tasks.list", {}, bearer(secret));
    const third = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt!;
    expect(third.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("audits a key's writes with the key as actor, named by the key in the audit list", async () => {
    const { key, secret } = await createKeyAsOwner(["task:write", "task:read", "project:read"], "Importer");
    const project = await createProject(t, org, "Imports");
    const created = await mutate<{ id: string; createdBy: { id: string } | null }>(
      "tasks.create",
      { projectId: project, title: "Imported" },
      bearer(secret),
    );
    expect(created.status, JSON.stringify(created.error)).toBe(200);
    const serviceUser = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).serviceUserId;
    const entry = await t.prisma.auditLog.findFirstOrThrow({
      where: { action: "task.created", targetId: created.data.id },
    });
    expect(entry).toMatchObject({ actorUserId: serviceUser, orgId: org });
    const audit = await query<{ items: { action: string; targetId: string; actor: unknown }[] }>(
      "audit.list",
      { orgId: org, action: "task.created" },
      ownerHeaders,
    );
    const listed = audit.data.items.find((item) => item.targetId === created.data.id);
    expect(listed?.actor).toEqual({ id: serviceUser, name: "Importer", kind: "apiKey", apiKeyId: key.id });
  });

  it("audits creating, rotating and revoking with the acting person", async () => {
    const { key } = await createKeyAsOwner(["task:read"]);
    await mutate("apiKeys.rotate", { orgId: org, apiKeyId: key.id }, ownerHeaders);
    await mutate("apiKeys.revoke", { orgId: org, apiKeyId: key.id }, ownerHeaders);
    const entries = await t.prisma.auditLog.findMany({ where: { targetId: key.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actorUserId])).toEqual([
      ["apikey.created", owner],
      ["apikey.rotated", owner],
      ["apikey.revoked", owner],
    ]);
  });
});

describe("keys managing keys", () => {
  it("a key never creates a key with scopes it does not hold", async () => {
    const { secret } = await createKeyAsOwner(["apikey:manage", "task:read"]);
    const beyond = await mutate("apiKeys.create", { name: "Wider", scopes: ["task:write"] }, bearer(secret));
    expect(beyond.status).toBe(403);
    expect(beyond.error?.message).toContain("task:write");
    const within = await mutate<{ key: ApiKey; secret: string }>(
      "apiKeys.create",
      { name: "Narrower", scopes: ["task:read"] },
      bearer(secret),
    );
    expect(within.status, JSON.stringify(within.error)).toBe(200);
    expect(within.data.key.scopes).toEqual(["task:read"]);
  });

  it("a key without apikey:manage or member:manage cannot manage keys or members", async () => {
    const { secret } = await createKeyAsOwner(["task:read", "member:read"]);
    expect((await query("apiKeys.list", {}, bearer(secret))).status).toBe(403);
    const remove = await mutate("members.remove", { userId: owner }, bearer(secret));
    expect(remove.status).toBe(403);
    expect(remove.error?.message).toContain("member:manage");
  });

  it("tasks are never assigned to a key: the service check and the database trigger refuse", async () => {
    const { key, secret } = await createKeyAsOwner(["task:read", "task:write", "project:read"]);
    const serviceUser = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).serviceUserId;
    const project = await createProject(t, org, "Assignments");
    const created = await mutate(
      "tasks.create",
      { projectId: project, title: "Mine?", assigneeId: serviceUser },
      bearer(secret),
    );
    expect(created.status).toBe(400);
    expect(created.error?.message).toContain("assignee must be a member");
    await expect(
      t.prisma.task.create({
        data: { orgId: org, projectId: project, title: "Direct", position: 1, assigneeId: serviceUser },
      }),
    ).rejects.toThrow(/tasks_assignee_is_member|is not a member/);
  });

  it("a service membership cannot be removed or changed as a member", async () => {
    const { key } = await createKeyAsOwner(["task:read"]);
    const serviceUser = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).serviceUserId;
    const answer = await mutate("members.remove", { orgId: org, userId: serviceUser }, ownerHeaders);
    expect(answer.status).toBe(404);
  });
});

describe("revocation, expiry and rotation", () => {
  it("a revoked key gets 401 and loses its membership", async () => {
    const { key, secret } = await createKeyAsOwner(["task:read"]);
    expect((await query("tasks.list", {}, bearer(secret))).status).toBe(200);
    const revoked = await mutate<ApiKey>("apiKeys.revoke", { orgId: org, apiKeyId: key.id }, ownerHeaders);
    expect(revoked.data.status).toBe("revoked");
    const after = await query("tasks.list", {}, bearer(secret));
    expect(after.status).toBe(401);
    expect(after.error?.data.code).toBe("UNAUTHORIZED");
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(await t.prisma.membership.count({ where: { userId: row.serviceUserId } })).toBe(0);
  });

  it("an expired key gets 401", async () => {
    const { key, secret } = await createKeyAsOwner(["task:read"]);
    await t.prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await query("tasks.list", {}, bearer(secret))).status).toBe(401);
    const listed = await query<ApiKey[]>("apiKeys.list", { orgId: org }, ownerHeaders);
    expect(listed.data.find((k) => k.id === key.id)?.status).toBe("expired");
  });

  it("after a rotation old and new secrets both work until the overlap ends", async () => {
    const { key, secret: old } = await createKeyAsOwner(["task:read"]);
    const rotated = await mutate<{ key: ApiKey; secret: string }>(
      "apiKeys.rotate",
      { orgId: org, apiKeyId: key.id, overlapHours: 2 },
      ownerHeaders,
    );
    expect(rotated.status, JSON.stringify(rotated.error)).toBe(200);
    const fresh = rotated.data.secret;
    expect(fresh).not.toBe(old);
    expect(fresh.startsWith(key.prefix)).toBe(true);
    const overlapEnds = new Date(rotated.data.key.previousSecretExpiresAt!).getTime();
    expect(overlapEnds).toBeGreaterThan(Date.now() + 2 * 3_600_000 - 60_000);
    expect((await query("tasks.list", {}, bearer(old))).status).toBe(200);
    expect((await query("tasks.list", {}, bearer(fresh))).status).toBe(200);
    // The overlap window ends (set in the database: no waiting).
    await t.prisma.apiKey.update({ where: { id: key.id }, data: { previousExpiresAt: new Date(Date.now() - 1000) } });
    expect((await query("tasks.list", {}, bearer(old))).status).toBe(401);
    expect((await query("tasks.list", {}, bearer(fresh))).status).toBe(200);
  });

  it("a rotation without overlap ends the old secret at once; overlaps are bounded", async () => {
    const { key, secret: old } = await createKeyAsOwner(["task:read"]);
    const rotated = await mutate<{ secret: string }>(
      "apiKeys.rotate",
      { orgId: org, apiKeyId: key.id, overlapHours: 0 },
      ownerHeaders,
    );
    expect((await query("tasks.list", {}, bearer(old))).status).toBe(401);
    expect((await query("tasks.list", {}, bearer(rotated.data.secret))).status).toBe(200);
    const tooLong = await mutate(
      "apiKeys.rotate",
      { orgId: org, apiKeyId: key.id, overlapHours: 10_000 },
      ownerHeaders,
    );
    expect(tooLong.status).toBe(400);
  });

  it("a revoked key cannot be rotated back to life", async () => {
    const { key } = await createKeyAsOwner(["task:read"]);
    await mutate("apiKeys.revoke", { orgId: org, apiKeyId: key.id }, ownerHeaders);
    expect((await mutate("apiKeys.rotate", { orgId: org, apiKeyId: key.id }, ownerHeaders)).status).toBe(409);
  });
});

describe("tokens refused before any database work", () => {
  it("a token that claims to be a key but is malformed or fails its checksum is 401 with no SQL statement", async () => {
    const { secret } = await createKeyAsOwner(["task:read"]);
    const last = secret.at(-1) === "a" ? "b" : "a";
    const badChecksum = secret.slice(0, -1) + last;
    const counter = countStatements();
    try {
      for (const token of [badChecksum, secret.slice(0, -2), "aos_live_short", `${secret}0`]) {
        for (const path of ["tasks.list", "system.status"]) {
          counter.take();
          const answer = await query(path, {}, bearer(token));
          expect(answer.status, `${path} with ${token}`).toBe(401);
          expect(answer.error?.message).toContain("not a valid API key");
          expect(counter.take().all, `${path} with ${token} reached the database`).toBe(0);
        }
      }
    } finally {
      counter.restore();
    }
  });

  it("an Authorization header that is no API key grants nothing and costs no SQL statement", async () => {
    const counter = countStatements();
    try {
      for (const authorization of ["Bearer not-a-key", `Basic ${btoa("a:b")}`, "Bearer"]) {
        counter.take();
        const answer = await query("tasks.list", { orgId: org }, { authorization });
        expect(answer.status, authorization).toBe(401);
        expect(counter.take().all, `${authorization} reached the database`).toBe(0);
        // Public procedures do not care (an operator's token sent along is not an error).
        expect((await query("system.status", undefined, { authorization })).status).toBe(200);
      }
    } finally {
      counter.restore();
    }
  });

  it("a well-formed token nobody issued is 401 after one lookup", async () => {
    const { token } = await createApiKey(t, org, ["task:read"]);
    await t.prisma.apiKey.deleteMany({ where: { secretHash: createHash("sha256").update(token).digest("hex") } });
    expect((await query("tasks.list", {}, bearer(token))).status).toBe(401);
  });

  it("never writes the Authorization header or the secret to the logs", async () => {
    const { secret } = await createKeyAsOwner(["task:read"]);
    await query("tasks.list", {}, bearer(secret));
    await query("tasks.list", {}, bearer(`${secret}x`));
    expect(t.rawLogs()).not.toContain(secret.slice(21));
  });
});

describe("rate limits per key", () => {
  let limited: TestApi;
  let limitedBase: string;

  beforeAll(async () => {
    limited = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET }, rateLimitOverrides: { read: { points: 3 } } });
    limitedBase = await limited.listen();
  });
  afterAll(() => limited?.close());

  it("gives each key its own budget, charged at the edge", async () => {
    const orgId = await seedOrganization(limited, "Limited");
    const first = await createApiKey(limited, orgId, ["task:read"]);
    const second = await createApiKey(limited, orgId, ["task:read"]);
    const list = (token: string) =>
      fetch(`${limitedBase}/trpc/tasks.list?input=${encodeURIComponent("{}")}`, { headers: bearer(token) });
    for (let i = 0; i < 3; i++) expect((await list(first.token)).status).toBe(200);
    const refused = await list(first.token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect((await list(second.token)).status).toBe(200);
  });
});
