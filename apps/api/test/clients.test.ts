import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { addMembers, createOrganizationAs, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) => callerOf(t, userId, { requestId: "clients-req-01" });

// Two tenants: A (owner + viewer) and B, so every test can check B stays untouched.
let ownerA: string;
let viewerA: string;
let ownerB: string;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  t = await startTestApi();
  const user = (email: string) => createUser(t, email, email);
  ownerA = await user("owner@clients-a.test");
  viewerA = await user("viewer@clients-a.test");
  ownerB = await user("owner@clients-b.test");
  orgA = await createOrganizationAs(t, ownerA, "Clients A");
  orgB = await createOrganizationAs(t, ownerB, "Clients B");
  await addMembers(t, orgA, [{ userId: viewerA, role: "viewer" }]);
  await callerFor(ownerB).clients.create({ orgId: orgB, name: "B's secret client" });
});
afterAll(() => t.close());

describe("clients", () => {
  it("creates, reads and audits a client; other tenants cannot see it", async () => {
    const created = await callerFor(ownerA).clients.create({
      orgId: orgA,
      name: "Acme",
      contactEmail: "Ops@Acme.TEST",
    });
    expect(created).toMatchObject({
      name: "Acme",
      contactEmail: "ops@acme.test",
      status: "active",
      version: 1,
      deletedAt: null,
    });
    await expect(callerFor(viewerA).clients.get({ orgId: orgA, clientId: created.id })).resolves.toMatchObject({
      name: "Acme",
    });
    await expect(callerFor(ownerB).clients.get({ orgId: orgB, clientId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(callerFor(ownerB).clients.get({ orgId: orgA, clientId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await t.prisma.auditLog.count({
        where: { action: "client.created", targetId: created.id, orgId: orgA },
      }),
    ).toBe(1);
  });

  it("viewers read but cannot write", async () => {
    await expect(callerFor(viewerA).clients.create({ orgId: orgA, name: "Nope" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("rejects a stale version with 409 and the current record, never overwriting", async () => {
    const client = await callerFor(ownerA).clients.create({ orgId: orgA, name: "Versioned" });
    const first = await callerFor(ownerA).clients.update({
      orgId: orgA,
      clientId: client.id,
      expectedVersion: 1,
      patch: { name: "First edit" },
    });
    expect(first.version).toBe(2);
    const stale = await callerFor(ownerA)
      .clients.update({ orgId: orgA, clientId: client.id, expectedVersion: 1, patch: { name: "Lost edit" } })
      .catch((error: { code: string; cause: { details: { current: { name: string; version: number } } } }) => error);
    expect(stale).toMatchObject({
      code: "CONFLICT",
      cause: { details: { current: { name: "First edit", version: 2 } } },
    });
    expect((await callerFor(ownerA).clients.get({ orgId: orgA, clientId: client.id })).name).toBe("First edit");
    const audit = await t.prisma.auditLog.findFirst({
      where: { action: "client.updated", targetId: client.id },
    });
    expect(audit?.metadata).toEqual({ changes: { name: { before: "Versioned", after: "First edit" } } });
  });

  it("soft-deletes to the trash and restores", async () => {
    const client = await callerFor(ownerA).clients.create({ orgId: orgA, name: "Trashable" });
    const deleted = await callerFor(ownerA).clients.delete({ orgId: orgA, clientId: client.id, expectedVersion: 1 });
    expect(deleted.deletedAt).not.toBeNull();
    const live = await callerFor(ownerA).clients.list({ orgId: orgA, search: "Trashable" });
    expect(live.items).toEqual([]);
    const trash = await callerFor(ownerA).clients.list({ orgId: orgA, deleted: true });
    expect(trash.items.map((c) => c.id)).toContain(client.id);
    await expect(
      callerFor(ownerA).clients.update({ orgId: orgA, clientId: client.id, expectedVersion: 2, patch: { name: "x" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const restored = await callerFor(ownerA).clients.restore({ orgId: orgA, clientId: client.id, expectedVersion: 2 });
    expect(restored).toMatchObject({ deletedAt: null, version: 3 });
    const actions = (await t.prisma.auditLog.findMany({ where: { targetId: client.id } }))
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual(["client.created", "client.deleted", "client.restored"]);
  });

  it("filters by status and searches names case-insensitively", async () => {
    await callerFor(ownerA).clients.create({ orgId: orgA, name: "Paused Studio", status: "paused" });
    const paused = await callerFor(ownerA).clients.list({ orgId: orgA, status: "paused" });
    expect(paused.items.map((c) => c.name)).toEqual(["Paused Studio"]);
    const found = await callerFor(ownerA).clients.list({ orgId: orgA, search: "paused stu" });
    expect(found.items.map((c) => c.name)).toEqual(["Paused Studio"]);
  });

  it("matches % and _ in a search literally", async () => {
    const org = (await callerFor(ownerA).organizations.create({ name: "Wildcard Co" })).id;
    for (const name of ["100% Juice", "1000 Juice", "snake_case Ltd", "snakescase Ltd"]) {
      await callerFor(ownerA).clients.create({ orgId: org, name });
    }
    const percent = await callerFor(ownerA).clients.list({ orgId: org, search: "100%" });
    expect(percent.items.map((c) => c.name)).toEqual(["100% Juice"]);
    const underscore = await callerFor(ownerA).clients.list({ orgId: org, search: "e_c" });
    expect(underscore.items.map((c) => c.name)).toEqual(["snake_case Ltd"]);
  });

  it("pages without duplicates or gaps while rows are inserted between pages", async () => {
    const { prisma } = t;
    const org = (await callerFor(ownerA).organizations.create({ name: "Paging Co" })).id;
    await prisma.client.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ orgId: org, name: `Client ${String(i).padStart(2, "0")}` })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    let inserted = false;
    do {
      const page = await callerFor(ownerA).clients.list({ orgId: org, limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor ?? undefined;
      if (!inserted) {
        // Lands before the cursor (must not appear) and after it (must appear exactly once).
        await prisma.client.createMany({
          data: [
            { orgId: org, name: "Client 00a" },
            { orgId: org, name: "Client 99" },
          ],
        });
        inserted = true;
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toContain("Client 99");
    expect(seen.filter((name) => /^Client \d\d$/.test(name))).toHaveLength(26);
  });

  it("newest-first order pages the same way", async () => {
    const org = (await callerFor(ownerA).organizations.create({ name: "Newest Co" })).id;
    for (const name of ["one", "two", "three"]) await callerFor(ownerA).clients.create({ orgId: org, name });
    const first = await callerFor(ownerA).clients.list({ orgId: org, sort: "newest", limit: 2 });
    const second = await callerFor(ownerA).clients.list({
      orgId: org,
      sort: "newest",
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect([...first.items, ...second.items].map((c) => c.name)).toEqual(["three", "two", "one"]);
    expect(second.nextCursor).toBeNull();
  });

  it("answers a tampered cursor with a validation error", async () => {
    await expect(callerFor(ownerA).clients.list({ orgId: orgA, cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("leaves the other tenant untouched", async () => {
    const b = await callerFor(ownerB).clients.list({ orgId: orgB });
    expect(b.items.map((c) => c.name)).toEqual(["B's secret client"]);
  });
});
