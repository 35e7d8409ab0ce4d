import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createComment, createProject, createTask } from "./helpers/fixtures";
import {
  expectEnvelope,
  rest,
  restKeyHeaders,
  restMember,
  restTenant,
  startRestTestApi,
  type RestCaller,
} from "./helpers/rest";
import type { TestApi } from "./helpers/test-api";

type Record_ = { id: string; version: number; deletedAt?: string | null } & Record<string, unknown>;
type One = { data: Record_ };
type Many = { data: Record_[]; meta: { nextCursor: string | null; limit: number | null } };

let t: TestApi;
let base: string;
let a: RestCaller;
let b: RestCaller;

beforeAll(async () => {
  t = await startRestTestApi();
  base = await t.listen();
  a = await restTenant(t, "Alpha");
  b = await restTenant(t, "Beta");
});
afterAll(() => t?.close());

const guarded = (caller: RestCaller, version: number) => ({ ...caller.headers, "if-match": `"${version}"` });

describe("REST clients and projects", () => {
  it("clients: create 201 → get (ETag) → list → patch (If-Match) → delete 204 → trash list → restore; Beta sees none of it", async () => {
    const created = await rest<One>(base, "POST", "/clients", {
      headers: a.headers,
      body: { name: "Acme", contactEmail: "Ops@Acme.test" },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({ name: "Acme", contactEmail: "ops@acme.test", status: "active" });
    expect(created.headers.get("location")).toBe(`/api/v1/clients/${id}`);

    const got = await rest<One>(base, "GET", `/clients/${id}`, { headers: a.headers });
    expect(got.headers.get("etag")).toBe('"1"');
    const list = await rest<Many>(base, "GET", "/clients?search=acm&sort=newest&limit=10", { headers: a.headers });
    expect(list.body.data.map((c) => c.id)).toEqual([id]);
    expect(list.body.meta).toEqual({ nextCursor: null, limit: 10 });

    const patched = await rest<One>(base, "PATCH", `/clients/${id}`, {
      headers: guarded(a, 1),
      body: { status: "paused" },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get("etag")).toBe('"2"');
    expectEnvelope(
      await rest(base, "PATCH", `/clients/${id}`, { headers: guarded(a, 1), body: { status: "active" } }),
      412,
      "PRECONDITION_FAILED",
    );
    expectEnvelope(await rest(base, "DELETE", `/clients/${id}`, { headers: a.headers }), 428, "PRECONDITION_REQUIRED");

    // Beta: not found everywhere, and nothing listed.
    expectEnvelope(await rest(base, "GET", `/clients/${id}`, { headers: b.headers }), 404, "NOT_FOUND");
    expectEnvelope(
      await rest(base, "PATCH", `/clients/${id}`, { headers: guarded(b, 2), body: { name: "Mine" } }),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(await rest(base, "DELETE", `/clients/${id}`, { headers: guarded(b, 2) }), 404, "NOT_FOUND");
    expect((await rest<Many>(base, "GET", "/clients", { headers: b.headers })).body.data).toEqual([]);

    const deleted = await rest(base, "DELETE", `/clients/${id}`, { headers: guarded(a, 2) });
    expect(deleted.status).toBe(204);
    const trash = await rest<Many>(base, "GET", "/clients?deleted=true", { headers: a.headers });
    expect(trash.body.data.map((c) => c.id)).toEqual([id]);
    const restored = await rest<One>(base, "POST", `/clients/${id}/restore`, { headers: guarded(a, 3) });
    expect(restored.status).toBe(200);
    expect(restored.body.data.deletedAt).toBeNull();
    const row = await t.prisma.client.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ orgId: a.orgId, name: "Acme", status: "paused", deletedAt: null, version: 4 });
  });

  it("projects: create 201 under a client, get, list by client, patch, delete with ?expectedVersion, restore", async () => {
    const client = await rest<One>(base, "POST", "/clients", { headers: a.headers, body: { name: "Globex" } });
    const clientId = client.body.data.id;
    const created = await rest<One>(base, "POST", "/projects", {
      headers: a.headers,
      body: {
        clientId,
        name: "Brand",
        budgetMinor: 500_000,
        currency: "eur",
        startDate: "2026-01-01",
        dueDate: "2026-03-01",
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({ currency: "EUR", budgetMinor: 500_000 });
    expectEnvelope(
      await rest(base, "POST", "/projects", {
        headers: a.headers,
        body: { clientId, name: "Bad", startDate: "2026-03-01", dueDate: "2026-01-01" },
      }),
      400,
      "VALIDATION_ERROR",
    );
    const byClient = await rest<Many>(base, "GET", `/projects?clientId=${clientId}`, { headers: a.headers });
    expect(byClient.body.data.map((p) => p.id)).toEqual([id]);
    const got = await rest<One>(base, "GET", `/projects/${id}`, { headers: a.headers });
    expect(got.headers.get("etag")).toBe('"1"');
    const patched = await rest<One>(base, "PATCH", `/projects/${id}`, {
      headers: guarded(a, 1),
      body: { status: "on_hold" },
    });
    expect(patched.body.data).toMatchObject({ status: "on_hold", version: 2 });
    // expectedVersion as a query parameter works for DELETE, like If-Match.
    expect((await rest(base, "DELETE", `/projects/${id}?expectedVersion=2`, { headers: a.headers })).status).toBe(204);
    const restored = await rest<One>(base, "POST", `/projects/${id}/restore`, {
      headers: a.headers,
      body: { expectedVersion: 3 },
    });
    expect(restored.status).toBe(200);
    // Beta cannot create a project under Alpha's client.
    expectEnvelope(
      await rest(base, "POST", "/projects", { headers: b.headers, body: { clientId, name: "Steal" } }),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(await rest(base, "GET", `/projects/${id}`, { headers: b.headers }), 404, "NOT_FOUND");
  });
});

describe("REST comments", () => {
  it("list and create under a task, edit with If-Match, delete 204; another org's task is 404", async () => {
    const projectId = await createProject(t, a.orgId, "Commented");
    const taskId = await createTask(t, a.orgId, projectId, "Discuss");
    await createComment(t, a.orgId, taskId, a.userId, "First");
    const created = await rest<One>(base, "POST", `/tasks/${taskId}/comments`, {
      headers: a.headers,
      body: { body: "Second" },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const list = await rest<Many>(base, "GET", `/tasks/${taskId}/comments?limit=1`, { headers: a.headers });
    expect(list.body.data.map((c) => c.body)).toEqual(["First"]);
    expect(list.body.meta.nextCursor).not.toBeNull();
    const next = await rest<Many>(
      base,
      "GET",
      `/tasks/${taskId}/comments?limit=1&cursor=${encodeURIComponent(list.body.meta.nextCursor!)}`,
      {
        headers: a.headers,
      },
    );
    expect(next.body.data.map((c) => c.body)).toEqual(["Second"]);

    const edited = await rest<One>(base, "PATCH", `/comments/${id}`, {
      headers: guarded(a, 1),
      body: { body: "Second, edited" },
    });
    expect(edited.body.data).toMatchObject({ body: "Second, edited", edited: true, version: 2 });
    expect(edited.headers.get("etag")).toBe('"2"');
    expectEnvelope(
      await rest(base, "PATCH", `/comments/${id}`, { headers: guarded(a, 1), body: { body: "Again" } }),
      412,
      "PRECONDITION_FAILED",
    );
    expectEnvelope(await rest(base, "DELETE", `/comments/${id}`, { headers: guarded(b, 2) }), 404, "NOT_FOUND");
    expectEnvelope(await rest(base, "GET", `/tasks/${taskId}/comments`, { headers: b.headers }), 404, "NOT_FOUND");
    expectEnvelope(
      await rest(base, "POST", `/tasks/${taskId}/comments`, { headers: b.headers, body: { body: "Hi" } }),
      404,
      "NOT_FOUND",
    );
    expect((await rest(base, "DELETE", `/comments/${id}`, { headers: guarded(a, 2) })).status).toBe(204);
    expect(await t.prisma.taskComment.count({ where: { taskId, deletedAt: null } })).toBe(1);
  });
});

describe("REST organization, members, invitations, audit", () => {
  it("GET/PATCH /organization acts on the caller's organization only", async () => {
    const org = await rest<{ data: { id: string; name: string; role: string } }>(base, "GET", "/organization", {
      headers: a.headers,
    });
    expect(org.body.data).toMatchObject({ id: a.orgId, name: "Alpha", role: "owner" });
    const renamed = await rest<{ data: { name: string } }>(base, "PATCH", "/organization", {
      headers: a.headers,
      body: { name: "Alpha Agency" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.name).toBe("Alpha Agency");
    // Naming Beta's organization as an Alpha member: not found, and Beta keeps its name.
    const foreign = { ...a.headers, "x-org-id": b.orgId };
    expectEnvelope(await rest(base, "GET", "/organization", { headers: foreign }), 404, "NOT_FOUND");
    expectEnvelope(
      await rest(base, "PATCH", "/organization", { headers: foreign, body: { name: "Hijacked" } }),
      404,
      "NOT_FOUND",
    );
    expect((await t.prisma.organization.findUniqueOrThrow({ where: { id: b.orgId } })).name).toBe("Beta");
  });

  it("members: list, change role (200), remove (204); a member may not manage (403)", async () => {
    const member = await restMember(t, a, "member");
    const list = await rest<{ data: { userId: string; role: string }[]; meta: unknown }>(base, "GET", "/members", {
      headers: a.headers,
    });
    expect(list.body.data.map((m) => m.userId)).toEqual(expect.arrayContaining([a.userId, member.userId]));
    expect(list.body.meta).toEqual({ nextCursor: null, limit: null });
    expectEnvelope(
      await rest(base, "PATCH", `/members/${a.userId}`, { headers: member.headers, body: { role: "member" } }),
      403,
      "FORBIDDEN",
    );
    const changed = await rest<{ data: { changed: boolean } }>(base, "PATCH", `/members/${member.userId}`, {
      headers: a.headers,
      body: { role: "admin" },
    });
    expect(changed.body.data).toEqual({ changed: true });
    expectEnvelope(await rest(base, "DELETE", `/members/${member.userId}`, { headers: b.headers }), 404, "NOT_FOUND");
    expect((await rest(base, "DELETE", `/members/${member.userId}`, { headers: a.headers })).status).toBe(204);
    expect(await t.prisma.membership.count({ where: { orgId: a.orgId, userId: member.userId } })).toBe(0);
  });

  it("invitations: create 201, list, resend 200, revoke 204; a duplicate member is 409", async () => {
    const created = await rest<One>(base, "POST", "/invitations", {
      headers: a.headers,
      body: { email: "new@alpha.test", role: "member" },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const list = await rest<Many>(base, "GET", "/invitations", { headers: a.headers });
    expect(list.body.data.map((i) => i.id)).toContain(id);
    expect((await rest<Many>(base, "GET", "/invitations", { headers: b.headers })).body.data).toEqual([]);
    expect((await rest(base, "POST", `/invitations/${id}/resend`, { headers: a.headers })).status).toBe(200);
    expectEnvelope(await rest(base, "DELETE", `/invitations/${id}`, { headers: b.headers }), 404, "NOT_FOUND");
    expect((await rest(base, "DELETE", `/invitations/${id}`, { headers: a.headers })).status).toBe(204);
    const owner = await t.prisma.user.findUniqueOrThrow({ where: { id: a.userId } });
    expectEnvelope(
      await rest(base, "POST", "/invitations", { headers: a.headers, body: { email: owner.email, role: "member" } }),
      409,
      "CONFLICT",
    );
  });

  it("audit entries: the organization's trail, filtered and paginated; members are refused (403)", async () => {
    await rest(base, "POST", "/clients", { headers: a.headers, body: { name: "Audited" } });
    const page = await rest<Many>(base, "GET", "/audit-entries?limit=2", { headers: a.headers });
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.meta.nextCursor).not.toBeNull();
    const invites = await rest<Many>(base, "GET", "/audit-entries?action=client.created", { headers: a.headers });
    expect(invites.body.data.length).toBeGreaterThan(0);
    expect(invites.body.data.every((entry) => entry.action === "client.created")).toBe(true);
    const member = await restMember(t, a, "member");
    expectEnvelope(await rest(base, "GET", "/audit-entries", { headers: member.headers }), 403, "FORBIDDEN");
    const beta = await rest<Many>(base, "GET", "/audit-entries", { headers: b.headers });
    expect(beta.body.data.every((entry) => entry.action !== "client.created")).toBe(true);
  });
});

describe("REST Idempotency-Key", () => {
  it("the same POST with the same key is created once and replayed (201, same body and Location, Idempotent-Replayed); a different body is 422", async () => {
    const headers = { ...a.headers, "idempotency-key": "rest-create-client-1" };
    const body = { name: "Once Only Ltd", contactEmail: "once@only.test" };
    const first = await rest<One>(base, "POST", "/clients", { headers, body });
    const again = await rest<One>(base, "POST", "/clients", { headers, body });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(await t.prisma.client.count({ where: { orgId: a.orgId, name: "Once Only Ltd" } })).toBe(1);

    const reused = await rest(base, "POST", "/clients", { headers, body: { ...body, name: "Someone Else" } });
    expectEnvelope(reused, 422, "UNPROCESSABLE");
    // The key belongs to Alpha's caller: Beta's identical request is its own.
    const beta = await rest<One>(base, "POST", "/clients", {
      headers: { ...b.headers, "idempotency-key": "rest-create-client-1" },
      body,
    });
    expect(beta.status).toBe(201);
    expect(beta.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("REST with API keys", () => {
  it("a key acts in its own organization without an org header; scopes, revocation and other organizations hold", async () => {
    const readOnly = await restKeyHeaders(t, a, ["client:read", "project:read", "task:read"]);
    const created = await rest<One>(base, "POST", "/clients", { headers: a.headers, body: { name: "Keyed Co" } });
    const listed = await rest<Many>(base, "GET", "/clients?search=keyed", { headers: readOnly });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((c) => c.id)).toEqual([created.body.data.id]);

    const refused = await rest(base, "POST", "/clients", { headers: readOnly, body: { name: "Not allowed" } });
    const envelope = expectEnvelope(refused, 403, "FORBIDDEN");
    expect(envelope.error.message).toContain("client:write");

    // Beta's key reads nothing of Alpha's, by id or by naming Alpha's organization.
    const betaKey = await restKeyHeaders(t, b, ["client:read"]);
    expectEnvelope(await rest(base, "GET", `/clients/${created.body.data.id}`, { headers: betaKey }), 404, "NOT_FOUND");
    expectEnvelope(
      await rest(base, "GET", "/clients", { headers: { ...betaKey, "x-org-id": a.orgId } }),
      404,
      "NOT_FOUND",
    );

    // An admin key manages keys over REST: create (201, secret once), list, revoke (204) → the key is refused.
    const admin = await restKeyHeaders(t, a, ["apikey:manage", "client:read"]);
    const minted = await rest<{ data: { key: { id: string }; secret: string } }>(base, "POST", "/api-keys", {
      headers: admin,
      body: { name: "CI deploys", scopes: ["client:read"] },
    });
    expect(minted.status).toBe(201);
    const mintedHeaders = { authorization: `Bearer ${minted.body.data.secret}` };
    expect((await rest(base, "GET", "/clients", { headers: mintedHeaders })).status).toBe(200);
    const keys = await rest<{ data: { id: string; name: string }[] }>(base, "GET", "/api-keys", { headers: admin });
    expect(JSON.stringify(keys.body)).not.toContain(minted.body.data.secret);
    expect(keys.body.data.map((k) => k.name)).toContain("CI deploys");
    expect((await rest(base, "DELETE", `/api-keys/${minted.body.data.key.id}`, { headers: admin })).status).toBe(204);
    expectEnvelope(await rest(base, "GET", "/clients", { headers: mintedHeaders }), 401, "UNAUTHORIZED");
  });
});
