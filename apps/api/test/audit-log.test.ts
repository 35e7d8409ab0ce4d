import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { addMembers, createUser } from "./helpers/fixtures";
import { countStatements } from "./helpers/statement-counter";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) =>
  callerOf(t, userId, { headers: { "user-agent": "vitest-agent" }, requestId: "audit-req-0001", ip: "192.0.2.10" });
let owner: string;
let member: string;
let orgId: string;

beforeAll(async () => {
  t = await startTestApi();
  owner = await createUser(t, "owner@audit.test", "Audit Owner");
  member = await createUser(t, "member@audit.test", "Audit Member");
  // Through the API with this file's request headers: org.created is one of the entries paged below.
  orgId = (await callerFor(owner).organizations.create({ name: "Audited" })).id;
  await addMembers(t, orgId, [{ userId: member, role: "member" }]);
  for (let i = 0; i < 5; i++) await callerFor(owner).clients.create({ orgId, name: `Client ${i}` });
  await callerFor(owner).organizations.update({ orgId, name: "Audited Renamed" });
});
afterAll(() => t.close());

describe("audit log page (admins)", () => {
  it("lists the organization's entries newest first with who, what, where", async () => {
    const page = await callerFor(owner).audit.list({ orgId, limit: 3 });
    expect(page.items[0]).toMatchObject({
      action: "org.updated",
      actor: { id: owner, name: "Audit Owner" },
      targetType: "organization",
      ip: "192.0.2.10",
      userAgent: "vitest-agent",
      requestId: "audit-req-0001",
      metadata: { name: { before: "Audited", after: "Audited Renamed" } },
    });
  });

  it("pages through every entry exactly once and filters by action", async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await callerFor(owner).audit.list({ orgId, limit: 2, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(7); // org.created + 5 client.created + org.updated
    expect(new Set(ids).size).toBe(7);
    const clientsOnly = await callerFor(owner).audit.list({ orgId, action: "client.created" });
    expect(clientsOnly.items).toHaveLength(5);
  });

  it("is for admins and owners only", async () => {
    await expect(callerFor(member).audit.list({ orgId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("audit entries name what they mention (references)", () => {
  it("resolves assignees, projects, clients and tasks to names; trashed ones say so, purged ones read as gone; no N+1", async () => {
    const admin = await createUser(t, "refs-owner@audit.test", "Rita Owner");
    const assignee = await createUser(t, "refs-assignee@audit.test", "Ana Lima");
    const org = (await callerFor(admin).organizations.create({ name: "Referenced" })).id;
    await addMembers(t, org, [{ userId: assignee, role: "member" }]);
    const client = await callerFor(admin).clients.create({ orgId: org, name: "Acme Rockets" });
    const project = await callerFor(admin).projects.create({ orgId: org, clientId: client.id, name: "Website relaunch" });
    const task = await callerFor(admin).tasks.create({ orgId: org, projectId: project.id, title: "Fix the footer" });
    const assigned = await callerFor(admin).tasks.update({
      orgId: org,
      taskId: task.id,
      expectedVersion: task.version,
      patch: { assigneeId: assignee },
    });
    await callerFor(admin).tasks.move({ orgId: org, taskId: task.id, expectedVersion: assigned.version, status: "in_progress", afterTaskId: null });
    const doomed = await callerFor(admin).tasks.create({ orgId: org, projectId: project.id, title: "Doomed" });

    const page = await callerFor(admin).audit.list({ orgId: org });
    const byAction = (action: string) => page.items.find((entry) => entry.action === action)!;
    expect(byAction("task.updated").references).toEqual({
      [task.id]: { type: "task", name: "Fix the footer", deleted: false },
      [assignee]: { type: "user", name: "Ana Lima", deleted: false },
    });
    expect(byAction("project.created").references).toMatchObject({
      [project.id]: { type: "project", name: "Website relaunch" },
      [client.id]: { type: "client", name: "Acme Rockets" },
    });
    expect(byAction("task.moved").references[task.id]).toEqual({ type: "task", name: "Fix the footer", deleted: false });

    // Trashed, then purged for good (the purge runs as the owner role).
    await callerFor(admin).tasks.delete({ orgId: org, taskId: task.id, expectedVersion: assigned.version + 1 });
    await t.prisma.task.delete({ where: { id: doomed.id } });
    const later = await callerFor(admin).audit.list({ orgId: org });
    const created = later.items.filter((entry) => entry.action === "task.created");
    expect(created.find((entry) => entry.targetId === task.id)?.references[task.id]).toEqual({ type: "task", name: "Fix the footer", deleted: true });
    expect(created.find((entry) => entry.targetId === doomed.id)?.references[doomed.id]).toEqual({ type: "task", name: null, deleted: true });

    // A page of 40 entries costs the same number of statements as a page of 5 (each of these
    // entries names a task, a project, a client and a person).
    const tasks = await t.prisma.task.findMany({ where: { orgId: org }, select: { id: true } });
    await t.prisma.auditLog.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({
        orgId: org,
        action: "task.updated",
        actorUserId: admin,
        targetType: "task",
        targetId: tasks[i % tasks.length]!.id,
        metadata: { projectId: project.id, clientId: client.id, changes: { assigneeId: { before: null, after: assignee } } },
      })),
    });
    const counter = countStatements();
    try {
      counter.take();
      await callerFor(admin).audit.list({ orgId: org, limit: 5 });
      const small = counter.take().all;
      await callerFor(admin).audit.list({ orgId: org, limit: 40 });
      const large = counter.take().all;
      expect(large).toBe(small);
    } finally {
      counter.restore();
    }
  });

  it("never resolves another organization's records", async () => {
    const otherOwner = await createUser(t, "refs-other@audit.test", "Other Owner");
    const other = (await callerFor(otherOwner).organizations.create({ name: "Other" })).id;
    const foreignClient = await callerFor(otherOwner).clients.create({ orgId: other, name: "Secret client" });
    // An entry in our org that names the other org's client (as a forged or stale id would).
    await t.prisma.auditLog.create({
      data: { orgId, action: "client.updated", actorUserId: owner, targetType: "client", targetId: foreignClient.id, metadata: { clientId: foreignClient.id } },
    });
    const page = await callerFor(owner).audit.list({ orgId, action: "client.updated" });
    expect(page.items[0]?.references[foreignClient.id]).toEqual({ type: "client", name: null, deleted: true });
  });
});
