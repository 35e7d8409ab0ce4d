import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAssigneeViolation, withAssigneeBackstop } from "../src/services/tasks/task-errors";
import { callerFor as callerOf } from "./helpers/callers";
import { addMembers, createOrganizationAs, createProject, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string, requestId = "tasks-req-01") => callerOf(t, userId, { requestId });

type Issue = { path: (string | number)[]; message: string };
/** The rejection of a call, for asserting code, details and field issues. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: Failure) => error,
  );
type Failure = {
  code: string;
  cause?: { issues?: Issue[]; details?: { current?: Record<string, unknown>; issues?: Issue[] } };
};
/** Field paths of a 400, from zod (input parsing) or from a service's AppError. */
const issuePaths = (error: Failure) =>
  (error.cause?.issues ?? error.cause?.details?.issues ?? []).map((i) => i.path.join("."));

// Tenant A: owner, member, viewer (+ a user who is in no org); tenant B: owner.
let ownerA: string;
let memberA: string;
let viewerA: string;
let stranger: string;
let ownerB: string;
let orgA: string;
let orgB: string;
let projectA: string;
let projectB: string;

const newProject = (orgId: string, name = "Project") => createProject(t, orgId, name);

beforeAll(async () => {
  t = await startTestApi({ rateLimitOverrides: { write: { points: 10_000 }, read: { points: 10_000 } } });
  ownerA = await createUser(t, "owner@tasks-a.test");
  memberA = await createUser(t, "member@tasks-a.test");
  viewerA = await createUser(t, "viewer@tasks-a.test");
  stranger = await createUser(t, "stranger@tasks.test");
  ownerB = await createUser(t, "owner@tasks-b.test");
  orgA = await createOrganizationAs(t, ownerA, "Tasks A", [
    { userId: memberA, role: "member" },
    { userId: viewerA, role: "viewer" },
  ]);
  orgB = await createOrganizationAs(t, ownerB, "Tasks B");
  projectA = await newProject(orgA, "Website");
  projectB = await newProject(orgB, "B's project");
});
afterAll(() => t.close());

describe("tasks: create and get", () => {
  it("creates at the bottom of its column with defaults, people and the live comment count", async () => {
    const project = await newProject(orgA, "Create");
    const first = await callerFor(memberA).tasks.create({
      orgId: orgA,
      projectId: project,
      title: "  Design homepage  ",
    });
    expect(first).toMatchObject({
      projectId: project,
      title: "Design homepage",
      description: "",
      status: "todo",
      priority: "medium",
      assignee: null,
      createdBy: { id: memberA, name: "member" },
      dueDate: null,
      labels: [],
      position: 1024,
      commentCount: 0,
      version: 1,
      deletedAt: null,
    });
    const second = await callerFor(ownerA).tasks.create({
      orgId: orgA,
      projectId: project,
      title: "Write copy",
      assigneeId: memberA,
      dueDate: "2026-12-31",
      labels: ["Copy", "copy ", "SEO"],
      priority: "high",
    });
    expect(second).toMatchObject({
      position: 2048,
      assignee: { id: memberA, name: "member" },
      dueDate: "2026-12-31",
      labels: ["copy", "seo"],
    });
    const otherColumn = await callerFor(ownerA).tasks.create({
      orgId: orgA,
      projectId: project,
      title: "Review",
      status: "review",
    });
    expect(otherColumn.position).toBe(1024);

    const { prisma } = t;
    await prisma.taskComment.createMany({
      data: [
        { orgId: orgA, taskId: second.id, authorId: ownerA, body: "Live" },
        { orgId: orgA, taskId: second.id, authorId: ownerA, body: "Gone", deletedAt: new Date() },
      ],
    });
    const read = await callerFor(viewerA).tasks.get({ orgId: orgA, taskId: second.id });
    expect(read).toMatchObject({ commentCount: 1, version: 1 });
    expect(new Date(read.createdAt).toISOString()).toBe(read.createdAt);

    const audit = await prisma.auditLog.findFirst({ where: { action: "task.created", targetId: second.id } });
    expect(audit).toMatchObject({ orgId: orgA, actorUserId: ownerA, targetType: "task", requestId: "tasks-req-01" });
  });

  it("other tenants get 404; viewers cannot create", async () => {
    const task = await callerFor(ownerA).tasks.create({ orgId: orgA, projectId: projectA, title: "Private" });
    expect(await failure(callerFor(ownerB).tasks.get({ orgId: orgB, taskId: task.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failure(callerFor(ownerB).tasks.get({ orgId: orgA, taskId: task.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      await failure(callerFor(viewerA).tasks.create({ orgId: orgA, projectId: projectA, title: "Nope" })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    // A project of another org is as good as missing.
    expect(
      await failure(callerFor(ownerA).tasks.create({ orgId: orgA, projectId: projectB, title: "Cross" })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: "Project not found.",
    });
  });

  it("refuses a trashed project with 404", async () => {
    const project = await newProject(orgA, "Trashed");
    await t.prisma.project.update({ where: { id: project }, data: { deletedAt: new Date() } });
    expect(
      await failure(callerFor(ownerA).tasks.create({ orgId: orgA, projectId: project, title: "Late" })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: "Project not found.",
    });
  });

  it("answers bad input with 400 on the field", async () => {
    const create = (input: Record<string, unknown>) =>
      failure(callerFor(ownerA).tasks.create({ orgId: orgA, projectId: projectA, title: "Valid", ...input } as never));
    expect(issuePaths(await create({ title: "   " }))).toEqual(["title"]);
    expect(issuePaths(await create({ labels: ["x".repeat(41)] }))).toEqual(["labels.0"]);
    expect(issuePaths(await create({ labels: [""] }))).toEqual(["labels.0"]);
    expect(issuePaths(await create({ dueDate: "31/12/2026" }))).toEqual(["dueDate"]);
    const notMember = await create({ assigneeId: stranger });
    expect(notMember).toMatchObject({ code: "BAD_REQUEST" });
    expect(issuePaths(notMember)).toEqual(["assigneeId"]);
    expect(await t.prisma.task.count({ where: { assigneeId: stranger } })).toBe(0);
  });

  it("maps the assignee trigger's 23503 to the same 400 (the backstop behind the service check)", async () => {
    const { prisma } = t;
    const error = await prisma.task
      .create({ data: { orgId: orgA, projectId: projectA, title: "Sneaky", position: 1, assigneeId: stranger } })
      .catch((e: unknown) => e);
    expect(isAssigneeViolation(error)).toBe(true);
    const mapped = await failure(withAssigneeBackstop(() => Promise.reject(error)));
    expect(mapped).toMatchObject({ code: "VALIDATION_ERROR", details: { issues: [{ path: ["assigneeId"] }] } });
    expect(isAssigneeViolation(new Error("something else"))).toBe(false);
  });
});

describe("tasks: update", () => {
  it("updates with the version, audits changed fields before/after, and answers a stale version with 409 and the current record", async () => {
    const task = await callerFor(ownerA).tasks.create({
      orgId: orgA,
      projectId: projectA,
      title: "Draft",
      labels: ["a"],
    });
    const updated = await callerFor(memberA, "tasks-req-update").tasks.update({
      orgId: orgA,
      taskId: task.id,
      expectedVersion: 1,
      patch: { title: "Final", assigneeId: memberA, labels: ["a"], dueDate: "2027-01-15" },
    });
    expect(updated).toMatchObject({
      title: "Final",
      assignee: { id: memberA },
      dueDate: "2027-01-15",
      version: 2,
      position: task.position,
    });

    const stale = await failure(
      callerFor(ownerA).tasks.update({
        orgId: orgA,
        taskId: task.id,
        expectedVersion: 1,
        patch: { title: "Lost edit" },
      }),
    );
    expect(stale).toMatchObject({ code: "CONFLICT", cause: { details: { current: { title: "Final", version: 2 } } } });
    expect((await callerFor(ownerA).tasks.get({ orgId: orgA, taskId: task.id })).title).toBe("Final");

    const audit = await t.prisma.auditLog.findMany({ where: { action: "task.updated", targetId: task.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: memberA, requestId: "tasks-req-update" });
    expect(audit[0]!.metadata).toEqual({
      changes: {
        title: { before: "Draft", after: "Final" },
        assigneeId: { before: null, after: memberA },
        dueDate: { before: null, after: "2027-01-15" },
      },
    });
  });

  it("a failing update changes nothing and writes no audit entry", async () => {
    const task = await callerFor(ownerA).tasks.create({ orgId: orgA, projectId: projectA, title: "Stable" });
    const error = await failure(
      callerFor(ownerA).tasks.update({
        orgId: orgA,
        taskId: task.id,
        expectedVersion: 1,
        patch: { title: "Changed", assigneeId: stranger },
      }),
    );
    expect(issuePaths(error)).toEqual(["assigneeId"]);
    expect(await callerFor(ownerA).tasks.get({ orgId: orgA, taskId: task.id })).toMatchObject({
      title: "Stable",
      version: 1,
    });
    expect(await t.prisma.auditLog.count({ where: { action: "task.updated", targetId: task.id } })).toBe(0);
    expect(
      issuePaths(
        await failure(callerFor(ownerA).tasks.update({ orgId: orgA, taskId: task.id, expectedVersion: 1, patch: {} })),
      ),
    ).toEqual(["patch"]);
  });
});

describe("tasks: move", () => {
  const order = async (projectId: string, status: "todo" | "in_progress" | "review" | "done") =>
    (
      await callerFor(ownerA).tasks.list({ orgId: orgA, projectId, sort: "position", status: [status], limit: 100 })
    ).items.map((task) => task.title);

  it("moves within and between columns; the server picks the positions", async () => {
    const project = await newProject(orgA, "Board");
    const create = (title: string) => callerFor(ownerA).tasks.create({ orgId: orgA, projectId: project, title });
    const [a, b, c] = [await create("A"), await create("B"), await create("C")];
    expect([a.position, b.position, c.position]).toEqual([1024, 2048, 3072]);

    const toTop = await callerFor(memberA).tasks.move({
      orgId: orgA,
      taskId: c.id,
      expectedVersion: 1,
      status: "todo",
      afterTaskId: null,
    });
    expect(toTop).toMatchObject({ position: 0, version: 2, status: "todo" });
    expect(await order(project, "todo")).toEqual(["C", "A", "B"]);

    const between = await callerFor(memberA).tasks.move({
      orgId: orgA,
      taskId: b.id,
      expectedVersion: 1,
      status: "todo",
      afterTaskId: c.id,
    });
    expect(between.position).toBe(512);
    expect(await order(project, "todo")).toEqual(["C", "B", "A"]);

    const across = await callerFor(memberA).tasks.move({
      orgId: orgA,
      taskId: a.id,
      expectedVersion: 1,
      status: "done",
      afterTaskId: null,
    });
    expect(across).toMatchObject({ status: "done", position: 1024 });
    const second = await callerFor(memberA).tasks.move({
      orgId: orgA,
      taskId: c.id,
      expectedVersion: 2,
      status: "done",
      afterTaskId: a.id,
    });
    expect(second).toMatchObject({ status: "done", position: 2048 });
    expect(await order(project, "done")).toEqual(["A", "C"]);
    expect(await order(project, "todo")).toEqual(["B"]);

    // The same place again is still a move: new version, same order.
    const again = await callerFor(memberA).tasks.move({
      orgId: orgA,
      taskId: c.id,
      expectedVersion: 3,
      status: "done",
      afterTaskId: a.id,
    });
    expect(again).toMatchObject({ version: 4, status: "done" });
    expect(await order(project, "done")).toEqual(["A", "C"]);

    const audit = await t.prisma.auditLog.findFirst({ where: { action: "task.moved", targetId: a.id } });
    expect(audit?.metadata).toEqual({
      from: { status: "todo", position: 1024 },
      to: { status: "done", position: 1024 },
      afterTaskId: null,
    });
    // The board feed saw the move too (written by the trigger in the same transaction).
    expect(await t.prisma.boardEvent.count({ where: { taskId: a.id, kind: "task.moved", version: 2 } })).toBe(
      1,
    );
  });

  it("refuses an afterTaskId outside the target column, itself, or a stale version", async () => {
    const project = await newProject(orgA, "Board checks");
    const create = (title: string, status: "todo" | "done" = "todo") =>
      callerFor(ownerA).tasks.create({ orgId: orgA, projectId: project, title, status });
    const [a, b, doneTask] = [await create("A"), await create("B"), await create("Done", "done")];
    const elsewhere = await callerFor(ownerA).tasks.create({ orgId: orgA, projectId: projectA, title: "Elsewhere" });
    const move = (afterTaskId: string | null, expectedVersion = 1) =>
      failure(
        callerFor(ownerA).tasks.move({ orgId: orgA, taskId: a.id, expectedVersion, status: "todo", afterTaskId }),
      );
    expect(issuePaths(await move(doneTask.id))).toEqual(["afterTaskId"]);
    expect(issuePaths(await move(elsewhere.id))).toEqual(["afterTaskId"]);
    expect(issuePaths(await move(a.id))).toEqual(["afterTaskId"]);
    await callerFor(ownerA).tasks.delete({ orgId: orgA, taskId: b.id, expectedVersion: 1 });
    expect(issuePaths(await move(b.id))).toEqual(["afterTaskId"]);
    expect(await move(null, 7)).toMatchObject({
      code: "CONFLICT",
      cause: { details: { current: { id: a.id, version: 1 } } },
    });
    expect(await t.prisma.auditLog.count({ where: { action: "task.moved", targetId: a.id } })).toBe(0);
  });

  it("renumbers the column when the gap runs out, in the same transaction, keeping the order", async () => {
    const project = await newProject(orgA, "Crowded");
    const { prisma } = t;
    const create = (title: string) => callerFor(ownerA).tasks.create({ orgId: orgA, projectId: project, title });
    const [a, b, c, mover] = [await create("A"), await create("B"), await create("C"), await create("Mover")];
    await prisma.task.update({ where: { id: b.id }, data: { position: 1024 + 5e-7 } });

    const moved = await callerFor(ownerA).tasks.move({
      orgId: orgA,
      taskId: mover.id,
      expectedVersion: 1,
      status: "todo",
      afterTaskId: a.id,
    });
    expect(await order(project, "todo")).toEqual(["A", "Mover", "B", "C"]);
    const rows = await prisma.task.findMany({
      where: { projectId: project },
      orderBy: { position: "asc" },
      select: { id: true, position: true, version: true },
    });
    expect(rows.map((row) => row.position)).toEqual([1024, 1536, 2048, 3072]);
    expect(rows.find((row) => row.id === b.id)?.version).toBe(2);
    expect(moved.position).toBe(1536);
    const audit = await prisma.auditLog.findFirst({ where: { action: "task.moved", targetId: mover.id } });
    expect(audit?.metadata).toMatchObject({ to: { status: "todo", position: 1536 }, renumbered: 3 });
    expect(c.position).toBe(3072);
  });

  it("concurrent moves into the same slot are serialized: distinct positions, nothing lost", async () => {
    const project = await newProject(orgA, "Concurrent");
    const create = (title: string) => callerFor(ownerA).tasks.create({ orgId: orgA, projectId: project, title });
    const anchor = await create("anchor");
    const tail = await create("tail");
    const movers = await Promise.all(["x", "y", "z", "w"].map((title) => create(title)));
    const moved = await Promise.all(
      movers.map((task) =>
        callerFor(memberA).tasks.move({
          orgId: orgA,
          taskId: task.id,
          expectedVersion: 1,
          status: "todo",
          afterTaskId: anchor.id,
        }),
      ),
    );
    const positions = moved.map((task) => task.position);
    expect(new Set(positions).size).toBe(4);
    for (const position of positions) expect(position > anchor.position && position < tail.position).toBe(true);
    const titles = await order(project, "todo");
    expect(titles[0]).toBe("anchor");
    expect(titles.at(-1)).toBe("tail");
    expect(titles).toHaveLength(6);
  });

  it("repeated moves into the same gap never collide", async () => {
    const project = await newProject(orgA, "Halving");
    const create = (title: string) => callerFor(ownerA).tasks.create({ orgId: orgA, projectId: project, title });
    const [first, last] = [await create("first"), await create("last")];
    const versions = new Map<string, number>();
    const names: string[] = [];
    for (let i = 0; i < 34; i++) {
      const task = await create(`m${i}`);
      names.push(task.title);
      // Always right after "first": every move halves the same gap until it runs out.
      const moved = await callerFor(ownerA).tasks.move({
        orgId: orgA,
        taskId: task.id,
        expectedVersion: 1,
        status: "todo",
        afterTaskId: first.id,
      });
      versions.set(task.id, moved.version);
    }
    const titles = await order(project, "todo");
    expect(titles).toEqual(["first", ...names.reverse(), "last"]);
    const positions = (
      await callerFor(ownerA).tasks.list({ orgId: orgA, projectId: project, sort: "position", limit: 100 })
    ).items.map((x) => x.position);
    expect(new Set(positions).size).toBe(positions.length);
    expect(last.title).toBe("last");
    // 1024 halves below 1e-6 after ~30 moves: at least one move had to renumber the column.
    const audits = await t.prisma.auditLog.findMany({
      where: { action: "task.moved", targetId: { in: [...versions.keys()] } },
    });
    expect(audits.filter((entry) => (entry.metadata as { renumbered?: number }).renumbered)).not.toHaveLength(0);
  });
});

describe("tasks: trash", () => {
  it("soft-deletes to the trash and restores, version-guarded and audited", async () => {
    const task = await callerFor(ownerA).tasks.create({ orgId: orgA, projectId: projectA, title: "Trashable task" });
    const deleted = await callerFor(memberA).tasks.delete({ orgId: orgA, taskId: task.id, expectedVersion: 1 });
    expect(deleted).toMatchObject({ version: 2 });
    expect(deleted.deletedAt).not.toBeNull();
    expect((await callerFor(ownerA).tasks.list({ orgId: orgA, search: "Trashable" })).items).toEqual([]);
    expect(
      (await callerFor(ownerA).tasks.list({ orgId: orgA, deleted: true, search: "Trashable" })).items.map((x) => x.id),
    ).toEqual([task.id]);
    expect(
      await failure(
        callerFor(ownerA).tasks.update({ orgId: orgA, taskId: task.id, expectedVersion: 2, patch: { title: "x" } }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(callerFor(ownerA).tasks.restore({ orgId: orgA, taskId: task.id, expectedVersion: 1 })),
    ).toMatchObject({
      code: "CONFLICT",
    });
    const restored = await callerFor(ownerA).tasks.restore({ orgId: orgA, taskId: task.id, expectedVersion: 2 });
    expect(restored).toMatchObject({ deletedAt: null, version: 3 });
    expect(
      await failure(callerFor(ownerA).tasks.restore({ orgId: orgA, taskId: task.id, expectedVersion: 3 })),
    ).toMatchObject({
      code: "CONFLICT",
    });
    const actions = (
      await t.prisma.auditLog.findMany({ where: { targetId: task.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions.sort()).toEqual(["task.created", "task.deleted", "task.restored"]);
    expect(
      await failure(callerFor(viewerA).tasks.delete({ orgId: orgA, taskId: task.id, expectedVersion: 3 })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("hides the tasks of a trashed project from get and list", async () => {
    const project = await newProject(orgA, "Hidden with project");
    const task = await callerFor(ownerA).tasks.create({
      orgId: orgA,
      projectId: project,
      title: "Goes with its project",
    });
    await t.prisma.project.update({ where: { id: project }, data: { deletedAt: new Date() } });
    expect(await failure(callerFor(ownerA).tasks.get({ orgId: orgA, taskId: task.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await callerFor(ownerA).tasks.list({ orgId: orgA, search: "Goes with its" })).items).toEqual([]);
    await t.prisma.project.update({ where: { id: project }, data: { deletedAt: null } });
    expect(
      (await callerFor(ownerA).tasks.list({ orgId: orgA, search: "Goes with its" })).items.map((x) => x.id),
    ).toEqual([task.id]);
  });
});

describe("tasks: members leaving", () => {
  it("unassigns a removed member's tasks (live and trashed) before the membership goes", async () => {
    const { prisma } = t;
    const leaver = await createUser(t, "leaver@tasks-a.test");
    const removed = await createUser(t, "removed@tasks-a.test");
    await addMembers(t, orgA, [
      { userId: leaver, role: "member" },
      { userId: removed, role: "member" },
    ]);
    await addMembers(t, orgB, [{ userId: removed, role: "member" }]);
    const mine = await callerFor(ownerA).tasks.create({
      orgId: orgA,
      projectId: projectA,
      title: "Removed's task",
      assigneeId: removed,
    });
    const trashed = await callerFor(ownerA).tasks.create({
      orgId: orgA,
      projectId: projectA,
      title: "Removed's old task",
      assigneeId: removed,
    });
    await callerFor(ownerA).tasks.delete({ orgId: orgA, taskId: trashed.id, expectedVersion: 1 });
    const inB = await callerFor(ownerB).tasks.create({
      orgId: orgB,
      projectId: projectB,
      title: "B keeps",
      assigneeId: removed,
    });
    const leaversTask = await callerFor(ownerA).tasks.create({
      orgId: orgA,
      projectId: projectA,
      title: "Leaver's task",
      assigneeId: leaver,
    });

    await callerFor(ownerA).members.remove({ orgId: orgA, userId: removed });
    await callerFor(leaver).members.leave({ orgId: orgA });

    const after = await prisma.task.findMany({ where: { id: { in: [mine.id, trashed.id, inB.id, leaversTask.id] } } });
    const byId = new Map(after.map((task) => [task.id, task]));
    expect(byId.get(mine.id)).toMatchObject({ assigneeId: null, version: 2 });
    expect(byId.get(trashed.id)).toMatchObject({ assigneeId: null, version: 3 });
    expect(byId.get(leaversTask.id)).toMatchObject({ assigneeId: null, version: 2 });
    expect(byId.get(inB.id)).toMatchObject({ assigneeId: removed, version: 1 });
    // The trashed task restores unassigned (the trigger would refuse the old assignee anyway).
    await expect(
      callerFor(ownerA).tasks.restore({ orgId: orgA, taskId: trashed.id, expectedVersion: 3 }),
    ).resolves.toMatchObject({ assignee: null });
  });
});
