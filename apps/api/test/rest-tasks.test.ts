import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, createTask } from "./helpers/fixtures";
import { expectEnvelope, rest, restTenant, startRestTestApi, type RestCaller } from "./helpers/rest";
import type { TestApi } from "./helpers/test-api";

interface Task {
  id: string;
  projectId: string;
  title: string;
  status: string;
  version: number;
  deletedAt: string | null;
}

let t: TestApi;
let base: string;
let a: RestCaller;
let b: RestCaller;
let projectA: string;
let projectB: string;

beforeAll(async () => {
  t = await startRestTestApi();
  base = await t.listen();
  a = await restTenant(t, "Alpha");
  b = await restTenant(t, "Beta");
  projectA = await createProject(t, a.orgId, "Website");
  projectB = await createProject(t, b.orgId, "Other");
});
afterAll(() => t?.close());

const create = (caller: RestCaller, body: Record<string, unknown>) =>
  rest<{ data: Task }>(base, "POST", "/tasks", { headers: caller.headers, body });

describe("REST tasks", () => {
  it("POST /tasks creates (201, Location, ETag, data envelope, no-store)", async () => {
    const answer = await create(a, { projectId: projectA, title: "Write copy", priority: "high" });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({ projectId: projectA, title: "Write copy", status: "todo", version: 1 });
    expect(answer.headers.get("location")).toBe(`/api/v1/tasks/${answer.body.data.id}`);
    expect(answer.headers.get("etag")).toBe('"1"');
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    expect(Object.keys(answer.body)).toEqual(["data"]);
  });

  it("GET /tasks/{id} answers the record with its ETag; If-None-Match with it is 304", async () => {
    const { body } = await create(a, { projectId: projectA, title: "Read me" });
    const got = await rest<{ data: Task }>(base, "GET", `/tasks/${body.data.id}`, { headers: a.headers });
    expect(got.status).toBe(200);
    expect(got.body.data.id).toBe(body.data.id);
    expect(got.headers.get("etag")).toBe('"1"');
    const again = await rest(base, "GET", `/tasks/${body.data.id}`, {
      headers: { ...a.headers, "if-none-match": '"1"' },
    });
    expect(again.status).toBe(304);
  });

  it("PATCH with If-Match updates (200, new ETag); a stale If-Match is 412 with the current record; none is 428", async () => {
    const { body } = await create(a, { projectId: projectA, title: "Draft" });
    const id = body.data.id;
    const patched = await rest<{ data: Task }>(base, "PATCH", `/tasks/${id}`, {
      headers: { ...a.headers, "if-match": '"1"' },
      body: { title: "Final" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ title: "Final", version: 2 });
    expect(patched.headers.get("etag")).toBe('"2"');

    const stale = await rest(base, "PATCH", `/tasks/${id}`, {
      headers: { ...a.headers, "if-match": '"1"' },
      body: { title: "Lost" },
    });
    const error = expectEnvelope(stale, 412, "PRECONDITION_FAILED");
    expect((error.error.details?.current as Task).version).toBe(2);

    expectEnvelope(
      await rest(base, "PATCH", `/tasks/${id}`, { headers: a.headers, body: { title: "No guard" } }),
      428,
      "PRECONDITION_REQUIRED",
    );
    // expectedVersion in the body keeps working (a stale one is the tRPC answer: 409).
    const viaBody = await rest<{ data: Task }>(base, "PATCH", `/tasks/${id}`, {
      headers: a.headers,
      body: { title: "Body", expectedVersion: 2 },
    });
    expect(viaBody.body.data.version).toBe(3);
    expectEnvelope(
      await rest(base, "PATCH", `/tasks/${id}`, { headers: a.headers, body: { title: "x", expectedVersion: 2 } }),
      409,
      "CONFLICT",
    );
    expectEnvelope(
      await rest(base, "PATCH", `/tasks/${id}`, {
        headers: { ...a.headers, "if-match": '"3"' },
        body: { title: "x", expectedVersion: 2 },
      }),
      400,
      "BAD_REQUEST",
    );
    expectEnvelope(
      await rest(base, "PATCH", `/tasks/${id}`, { headers: { ...a.headers, "if-match": "*" }, body: { title: "x" } }),
      400,
      "BAD_REQUEST",
    );
    expectEnvelope(
      await rest(base, "PATCH", `/tasks/${id}`, { headers: { ...a.headers, "if-match": '"3"' }, body: {} }),
      400,
      "VALIDATION_ERROR",
    );
  });

  it("POST /tasks/{id}/move moves with If-Match; DELETE is 204; restore brings it back; each writes an audit entry", async () => {
    const { body } = await create(a, { projectId: projectA, title: "Mover" });
    const id = body.data.id;
    const moved = await rest<{ data: Task }>(base, "POST", `/tasks/${id}/move`, {
      headers: { ...a.headers, "if-match": '"1"' },
      body: { status: "review", afterTaskId: null },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ status: "review", version: 2 });
    expect(moved.headers.get("etag")).toBe('"2"');

    expectEnvelope(await rest(base, "DELETE", `/tasks/${id}`, { headers: a.headers }), 428, "PRECONDITION_REQUIRED");
    const deleted = await rest(base, "DELETE", `/tasks/${id}`, { headers: { ...a.headers, "if-match": '"2"' } });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    // A trashed task still reads (as in the web app's trash), marked deleted.
    const trashed = await rest<{ data: Task }>(base, "GET", `/tasks/${id}`, { headers: a.headers });
    expect(trashed.body.data.deletedAt).not.toBeNull();
    expect(trashed.headers.get("etag")).toBe('"3"');

    // Bodiless, though it says JSON (as generic clients do): no body, not a 400.
    const restored = await rest<{ data: Task }>(base, "POST", `/tasks/${id}/restore`, {
      headers: { ...a.headers, "if-match": '"3"' },
      rawBody: "",
    });
    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({ deletedAt: null, version: 4 });

    const audit = await t.prisma.auditLog.findMany({ where: { orgId: a.orgId, targetId: id }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["task.created", "task.moved", "task.deleted", "task.restored"]);
  });

  it("lists a project's tasks page by page: data + meta.nextCursor/limit, filters from the query", async () => {
    const projectId = await createProject(t, a.orgId, "Paged");
    for (let i = 0; i < 5; i++) await createTask(t, a.orgId, projectId, `Paged ${i}`, i + 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await rest<{ data: Task[]; meta: { nextCursor: string | null; limit: number } }>(
        base,
        "GET",
        `/projects/${projectId}/tasks${query}`,
        { headers: a.headers },
      );
      expect(page.status).toBe(200);
      expect(page.body.meta.limit).toBe(2);
      expect(page.body.data.every((task) => task.projectId === projectId)).toBe(true);
      seen.push(...page.body.data.map((task) => task.title));
      cursor = page.body.meta.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);

    const filtered = await rest<{ data: Task[] }>(
      base,
      "GET",
      `/tasks?projectId=${projectId}&status=todo,review&deleted=false&sort=position`,
      {
        headers: a.headers,
      },
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.data).toHaveLength(5);
    const repeated = await rest<{ data: Task[] }>(
      base,
      "GET",
      `/tasks?projectId=${projectId}&status=todo&status=done`,
      { headers: a.headers },
    );
    expect(repeated.body.data).toHaveLength(5);
  });

  it("refuses bad queries, ids and cursors with 400 in the envelope", async () => {
    expectEnvelope(await rest(base, "GET", "/tasks?colour=red", { headers: a.headers }), 400, "BAD_REQUEST");
    expectEnvelope(await rest(base, "GET", "/tasks?limit=2&limit=3", { headers: a.headers }), 400, "BAD_REQUEST");
    expectEnvelope(await rest(base, "GET", "/tasks?limit=1000", { headers: a.headers }), 400, "VALIDATION_ERROR");
    expectEnvelope(await rest(base, "GET", "/tasks?limit=ten", { headers: a.headers }), 400, "VALIDATION_ERROR");
    expectEnvelope(await rest(base, "GET", "/tasks?deleted=maybe", { headers: a.headers }), 400, "VALIDATION_ERROR");
    expectEnvelope(
      await rest(base, "GET", "/tasks?cursor=not-a-cursor", { headers: a.headers }),
      400,
      "VALIDATION_ERROR",
    );
    expectEnvelope(await rest(base, "GET", "/tasks/not-a-uuid", { headers: a.headers }), 400, "VALIDATION_ERROR");
  });

  it("keeps tenants apart: another org's task is 404 for every verb and stays untouched", async () => {
    const { body } = await create(b, { projectId: projectB, title: "Beta's" });
    const id = body.data.id;
    const guarded = { ...a.headers, "if-match": '"1"' };
    expectEnvelope(await rest(base, "GET", `/tasks/${id}`, { headers: a.headers }), 404, "NOT_FOUND");
    expectEnvelope(
      await rest(base, "PATCH", `/tasks/${id}`, { headers: guarded, body: { title: "Stolen" } }),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(
      await rest(base, "POST", `/tasks/${id}/move`, { headers: guarded, body: { status: "done", afterTaskId: null } }),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(await rest(base, "DELETE", `/tasks/${id}`, { headers: guarded }), 404, "NOT_FOUND");
    expectEnvelope(await create(a, { projectId: projectB, title: "Into Beta" }), 404, "NOT_FOUND");
    const listed = await rest<{ data: Task[] }>(base, "GET", `/projects/${projectB}/tasks`, { headers: a.headers });
    expect(listed.body.data).toEqual([]);
    // Naming the other org is no way in either.
    expectEnvelope(await rest(base, "GET", `/tasks/${id}?orgId=${b.orgId}`, { headers: a.headers }), 404, "NOT_FOUND");
    const row = await t.prisma.task.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ title: "Beta's", version: 1, deletedAt: null, status: "todo" });
  });

  it("needs a caller and an organization", async () => {
    expectEnvelope(await rest(base, "GET", "/tasks"), 401, "UNAUTHORIZED");
    const { "x-org-id": _org, ...noOrg } = a.headers;
    expectEnvelope(await rest(base, "GET", "/tasks", { headers: noOrg }), 400, "BAD_REQUEST");
    const viaQuery = await rest(base, "GET", `/tasks?orgId=${a.orgId}`, { headers: noOrg });
    expect(viaQuery.status).toBe(200);
  });
});
