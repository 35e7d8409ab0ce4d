import { ALL_PERMISSIONS, type Permission } from "@agency/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { restOperations } from "../src/http/rest/operations";
import { orgProcedure, router } from "../src/trpc/trpc";
import { createApiKey, createProject, createTask } from "./helpers/fixtures";
import {
  expectEnvelope,
  rest,
  restKeyHeaders,
  restMember,
  restTenant,
  startRestTestApi,
  type RestAnswer,
  type RestCaller,
} from "./helpers/rest";
import type { TestApi } from "./helpers/test-api";

/**
 * The single-record GETs of comments, invitations, API keys and members: 200 in the envelope,
 * 404 for another organization's record, 403 for a key without the list's scope — and every
 * create answering 201 points its `Location` at that GET.
 */
type One = { data: { id: string } & Record<string, unknown> };

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

/** A key of Alpha with every permission but `scope`. */
const keyWithout = (scope: Permission) =>
  restKeyHeaders(
    t,
    a,
    ALL_PERMISSIONS.filter((p) => p !== scope),
  );

/** The path under /api/v1 that a 201's Location names (and asserts it names the expected one). */
function locationOf(created: RestAnswer<unknown>, expected: string): string {
  expect(created.status).toBe(201);
  expect(created.headers.get("location"), "Location points at the new record's GET").toBe(`/api/v1${expected}`);
  return expected;
}

describe("GET /comments/{commentId}", () => {
  it("the created comment is at its Location (200, ETag, 304 on If-None-Match); Beta 404; a key without comment:read 403; deleted 404", async () => {
    const taskId = await createTask(t, a.orgId, await createProject(t, a.orgId, "Discussed"), "Talk");
    const created = await rest<One>(base, "POST", `/tasks/${taskId}/comments`, {
      headers: a.headers,
      body: { body: "Located" },
    });
    const path = locationOf(created, `/comments/${created.body.data.id}`);

    const got = await rest<One>(base, "GET", path, { headers: a.headers });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ data: created.body.data });
    expect(got.body.data).toMatchObject({ taskId, body: "Located", version: 1, author: { id: a.userId } });
    expect(got.headers.get("etag")).toBe('"1"');
    const notModified = await rest(base, "GET", path, { headers: { ...a.headers, "if-none-match": '"1"' } });
    expect(notModified.status).toBe(304);

    expectEnvelope(await rest(base, "GET", path, { headers: b.headers }), 404, "NOT_FOUND");
    expectEnvelope(await rest(base, "GET", path, { headers: await restKeyHeaders(t, b) }), 404, "NOT_FOUND");
    const refused = expectEnvelope(
      await rest(base, "GET", path, { headers: await keyWithout("comment:read") }),
      403,
      "FORBIDDEN",
    );
    expect(refused.error.message).toContain("comment:read");

    expect((await rest(base, "DELETE", path, { headers: { ...a.headers, "if-match": '"1"' } })).status).toBe(204);
    expectEnvelope(await rest(base, "GET", path, { headers: a.headers }), 404, "NOT_FOUND");
  });
});

describe("GET /invitations/{invitationId}", () => {
  it("the created invitation is at its Location, revoked ones too; Beta 404; a key without member:invite 403", async () => {
    const created = await rest<One>(base, "POST", "/invitations", {
      headers: a.headers,
      body: { email: "located@alpha.test", role: "viewer" },
    });
    const path = locationOf(created, `/invitations/${created.body.data.id}`);

    const got = await rest<One>(base, "GET", path, { headers: a.headers });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ data: created.body.data });
    expect(got.body.data).toMatchObject({ email: "located@alpha.test", role: "viewer", status: "pending" });
    expect(got.headers.get("etag")).toBeNull();

    expectEnvelope(await rest(base, "GET", path, { headers: b.headers }), 404, "NOT_FOUND");
    expectEnvelope(await rest(base, "GET", path, { headers: await keyWithout("member:invite") }), 403, "FORBIDDEN");
    expect((await rest(base, "DELETE", path, { headers: a.headers })).status).toBe(204);
    const revoked = await rest<One>(base, "GET", path, { headers: a.headers });
    expect(revoked.body.data.status).toBe("revoked");
  });
});

describe("GET /api-keys/{apiKeyId}", () => {
  it("the created key (nested in the answer) is at its Location, without its secret; Beta 404; a key without apikey:manage 403", async () => {
    const admin = await restKeyHeaders(t, a, ["apikey:manage", "task:read"]);
    const created = await rest<{ data: { key: { id: string }; secret: string } }>(base, "POST", "/api-keys", {
      headers: admin,
      body: { name: "Located key", scopes: ["task:read"] },
    });
    const path = locationOf(created, `/api-keys/${created.body.data.key.id}`);

    const got = await rest<One>(base, "GET", path, { headers: admin });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ data: created.body.data.key });
    expect(got.body.data).toMatchObject({ name: "Located key", scopes: ["task:read"], status: "active" });
    expect(got.text).not.toContain(created.body.data.secret);

    const betaKey = await createApiKey(t, b.orgId, ["task:read"]);
    expectEnvelope(await rest(base, "GET", `/api-keys/${betaKey.id}`, { headers: admin }), 404, "NOT_FOUND");
    expectEnvelope(await rest(base, "GET", path, { headers: b.headers }), 404, "NOT_FOUND");
    expectEnvelope(await rest(base, "GET", path, { headers: await keyWithout("apikey:manage") }), 403, "FORBIDDEN");
    // A revoked key stays readable (as in the list), marked revoked.
    expect((await rest(base, "DELETE", path, { headers: admin })).status).toBe(204);
    expect((await rest<One>(base, "GET", path, { headers: admin })).body.data.status).toBe("revoked");
  });
});

describe("GET /members/{userId}", () => {
  it("one member with their role; Beta's member and a key's service user 404; a key without member:read 403", async () => {
    const member = await restMember(t, a, "member");
    const got = await rest<{ data: Record<string, unknown> }>(base, "GET", `/members/${member.userId}`, {
      headers: a.headers,
    });
    expect(got.status).toBe(200);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { id: member.userId } });
    expect(got.body).toEqual({
      data: { userId: member.userId, name: user.name, email: user.email, role: "member", joinedAt: expect.any(String) },
    });
    const listed = await rest<{ data: unknown[] }>(base, "GET", "/members", { headers: a.headers });
    expect(listed.body.data).toContainEqual(got.body.data);

    expectEnvelope(await rest(base, "GET", `/members/${b.userId}`, { headers: a.headers }), 404, "NOT_FOUND");
    expectEnvelope(await rest(base, "GET", `/members/${member.userId}`, { headers: b.headers }), 404, "NOT_FOUND");
    const key = await createApiKey(t, a.orgId, ["member:read"]);
    expectEnvelope(await rest(base, "GET", `/members/${key.serviceUserId}`, { headers: a.headers }), 404, "NOT_FOUND");
    expectEnvelope(
      await rest(base, "GET", `/members/${member.userId}`, { headers: await keyWithout("member:read") }),
      403,
      "FORBIDDEN",
    );
  });
});

describe("Location declarations", () => {
  it("a create whose location names no GET operation is refused when the routes are built", () => {
    const create = orgProcedure
      .meta({
        permission: "client:write",
        limit: "write",
        openapi: {
          method: "POST",
          path: "/things",
          tags: ["Clients"],
          successStatus: 201,
          location: "/things/{id}",
          summary: "Create a thing",
          description: "No GET /things/{thingId} exists.",
        },
      })
      .input(z.object({}))
      .output(z.object({ id: z.string() }))
      .mutation(() => ({ id: "thing" }));
    expect(() => restOperations(router({ things: router({ create }) }))).toThrow(
      "REST operation things.create: its location /things/{id} is no GET operation",
    );
  });
});
