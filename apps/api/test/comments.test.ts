import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import {
  createClient,
  createComment,
  createOrganizationAs,
  createProject,
  createTask,
  createUser,
} from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) => callerOf(t, userId, { requestId: "comments-req-01" });

/** A caller error: zod input errors carry `issues`, domain errors `details`. */
type CallerError = {
  code: string;
  message: string;
  cause?: { issues?: { path: (string | number)[] }[]; details?: Record<string, unknown> };
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: CallerError) => error,
  );

// Two tenants: A (owner, admin, two members, viewer) and B, so every test can check B stays untouched.
let ownerA: string;
let adminA: string;
let memberA: string;
let otherMemberA: string;
let viewerA: string;
let ownerB: string;
let orgA: string;
let orgB: string;
let projectA: string;
let taskB: string;

beforeAll(async () => {
  t = await startTestApi();
  ownerA = await createUser(t, "owner@comments-a.test", "Olivia Owner");
  adminA = await createUser(t, "admin@comments-a.test", "Adam Admin");
  memberA = await createUser(t, "member@comments-a.test", "Mia Member");
  otherMemberA = await createUser(t, "other@comments-a.test", "Otto Other");
  viewerA = await createUser(t, "viewer@comments-a.test", "Vera Viewer");
  ownerB = await createUser(t, "owner@comments-b.test", "Bea B");
  orgA = await createOrganizationAs(t, ownerA, "Comments A", [
    { userId: adminA, role: "admin" },
    { userId: memberA, role: "member" },
    { userId: otherMemberA, role: "member" },
    { userId: viewerA, role: "viewer" },
  ]);
  orgB = await createOrganizationAs(t, ownerB, "Comments B");
  projectA = await createProject(t, orgA, "Site", await createClient(t, orgA, "Acme"));
  const projectB = await createProject(t, orgB, "B project", await createClient(t, orgB, "B client"));
  taskB = await createTask(t, orgB, projectB, "B task");
  await createComment(t, orgB, taskB, ownerB, "B's secret comment");
});
afterAll(() => t.close());

const newTask = (title = "Task") => createTask(t, orgA, projectA, title);

describe("comments", () => {
  it("posts a comment as the caller with the author's name, audited with ids only", async () => {
    const taskId = await newTask();
    const comment = await callerFor(memberA).comments.create({ orgId: orgA, taskId, body: "  Looks good to me  " });
    expect(comment).toMatchObject({
      taskId,
      body: "Looks good to me",
      author: { id: memberA, name: "Mia Member" },
      version: 1,
      edited: false,
    });
    const audit = await t.prisma.auditLog.findMany({ where: { targetId: comment.id } });
    expect(audit.map((a) => [a.action, a.actorUserId, a.orgId, a.metadata])).toEqual([
      ["comment.created", memberA, orgA, { taskId }],
    ]);
  });

  it("viewers read comments but cannot write", async () => {
    const taskId = await newTask();
    await callerFor(memberA).comments.create({ orgId: orgA, taskId, body: "Hello" });
    expect((await callerFor(viewerA).comments.list({ orgId: orgA, taskId })).items.map((c) => c.body)).toEqual([
      "Hello",
    ]);
    await expect(callerFor(viewerA).comments.create({ orgId: orgA, taskId, body: "Nope" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("refuses an empty or oversized body with the field named", async () => {
    const taskId = await newTask();
    for (const body of ["   ", "x".repeat(10_001)]) {
      const error = await failure(callerFor(memberA).comments.create({ orgId: orgA, taskId, body }));
      expect(error?.code).toBe("BAD_REQUEST");
      expect(error?.cause?.issues?.map((i) => i.path.join("."))).toEqual(["body"]);
    }
  });

  it("needs a live task of the organization: another org's, a missing, a trashed task or one in a trashed project → 404", async () => {
    const { prisma } = t;
    const trashedTask = await newTask("Trashed");
    await prisma.task.update({ where: { id: trashedTask }, data: { deletedAt: new Date() } });
    const client = await prisma.client.create({ data: { orgId: orgA, name: "Gone" } });
    const trashedProject = await prisma.project.create({
      data: { orgId: orgA, clientId: client.id, name: "Gone", deletedAt: new Date() },
    });
    const taskInTrashedProject = (
      await prisma.task.create({ data: { orgId: orgA, projectId: trashedProject.id, title: "In trash", position: 1 } })
    ).id;
    for (const taskId of [taskB, crypto.randomUUID(), trashedTask, taskInTrashedProject]) {
      await expect(callerFor(ownerA).comments.create({ orgId: orgA, taskId, body: "Hi" })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "Task not found.",
      });
      await expect(callerFor(ownerA).comments.list({ orgId: orgA, taskId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    expect(await prisma.taskComment.count({ where: { taskId: taskB } })).toBe(1);
  });

  it("only the author edits; a stale version gets 409 with the current comment", async () => {
    const taskId = await newTask();
    const comment = await callerFor(memberA).comments.create({ orgId: orgA, taskId, body: "First" });
    for (const other of [otherMemberA, adminA, ownerA]) {
      const refused = await failure(
        callerFor(other).comments.update({ orgId: orgA, commentId: comment.id, expectedVersion: 1, body: "Hijacked" }),
      );
      expect(refused).toMatchObject({ code: "FORBIDDEN", message: "Only the author can edit this comment." });
    }
    const edited = await callerFor(memberA).comments.update({
      orgId: orgA,
      commentId: comment.id,
      expectedVersion: 1,
      body: "Second",
    });
    expect(edited).toMatchObject({ body: "Second", version: 2, edited: true });
    const stale = await failure(
      callerFor(memberA).comments.update({ orgId: orgA, commentId: comment.id, expectedVersion: 1, body: "Lost" }),
    );
    expect(stale).toMatchObject({ code: "CONFLICT", cause: { details: { current: { body: "Second", version: 2 } } } });
    const staleDelete = await failure(
      callerFor(memberA).comments.delete({ orgId: orgA, commentId: comment.id, expectedVersion: 1 }),
    );
    expect(staleDelete).toMatchObject({ code: "CONFLICT" });
    expect((await callerFor(memberA).comments.list({ orgId: orgA, taskId })).items.map((c) => c.body)).toEqual([
      "Second",
    ]);
    const audit = await t.prisma.auditLog.findMany({
      where: { targetId: comment.id },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.metadata])).toEqual([
      ["comment.created", { taskId }],
      ["comment.updated", { taskId }],
    ]);
  });

  it("the author or an admin/owner deletes (soft); other members cannot; deleted comments leave the list", async () => {
    const { prisma } = t;
    const taskId = await newTask();
    const byMember = await callerFor(memberA).comments.create({ orgId: orgA, taskId, body: "Mine" });
    const forAdmin = await callerFor(memberA).comments.create({ orgId: orgA, taskId, body: "Admin removes" });
    const forOwner = await callerFor(otherMemberA).comments.create({ orgId: orgA, taskId, body: "Owner removes" });
    const kept = await callerFor(otherMemberA).comments.create({ orgId: orgA, taskId, body: "Kept" });

    await expect(
      callerFor(otherMemberA).comments.delete({ orgId: orgA, commentId: byMember.id, expectedVersion: 1 }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only the author or an admin can delete this comment.",
    });
    await callerFor(memberA).comments.delete({ orgId: orgA, commentId: byMember.id, expectedVersion: 1 });
    await callerFor(adminA).comments.delete({ orgId: orgA, commentId: forAdmin.id, expectedVersion: 1 });
    await callerFor(ownerA).comments.delete({ orgId: orgA, commentId: forOwner.id, expectedVersion: 1 });

    expect((await callerFor(memberA).comments.list({ orgId: orgA, taskId })).items.map((c) => c.id)).toEqual([kept.id]);
    // Soft: the rows stay (the purge removes them after the retention period).
    expect(await prisma.taskComment.count({ where: { taskId, deletedAt: { not: null } } })).toBe(3);
    await expect(
      callerFor(memberA).comments.delete({ orgId: orgA, commentId: byMember.id, expectedVersion: 2 }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      callerFor(memberA).comments.update({ orgId: orgA, commentId: byMember.id, expectedVersion: 2, body: "Back" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const deletes = await prisma.auditLog.findMany({
      where: { action: "comment.deleted", targetId: { in: [byMember.id, forAdmin.id, forOwner.id] } },
    });
    expect(deletes.map((a) => [a.targetId, a.actorUserId]).sort()).toEqual(
      [
        [byMember.id, memberA],
        [forAdmin.id, adminA],
        [forOwner.id, ownerA],
      ].sort(),
    );
    for (const entry of deletes) expect(JSON.stringify(entry.metadata)).toBe(JSON.stringify({ taskId }));
  });

  it("a deleted comment comes back by its author or an admin, audited; others, live comments and stale versions are refused", async () => {
    const { prisma } = t;
    const taskId = await newTask("Undo");
    const comment = await callerFor(memberA).comments.create({ orgId: orgA, taskId, body: "Oops, deleted" });
    const deleted = await callerFor(memberA).comments.delete({ orgId: orgA, commentId: comment.id, expectedVersion: 1 });
    expect(deleted.version).toBe(2);

    await expect(
      callerFor(otherMemberA).comments.restore({ orgId: orgA, commentId: comment.id, expectedVersion: 2 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "Only the author or an admin can restore this comment." });
    await expect(
      callerFor(memberA).comments.restore({ orgId: orgA, commentId: comment.id, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const restored = await callerFor(memberA).comments.restore({ orgId: orgA, commentId: comment.id, expectedVersion: 2 });
    expect(restored).toMatchObject({ id: comment.id, body: "Oops, deleted", version: 3 });
    expect((await callerFor(memberA).comments.list({ orgId: orgA, taskId })).items.map((c) => c.id)).toEqual([comment.id]);
    // Live now: restoring again is a conflict carrying the comment as it is.
    await expect(
      callerFor(memberA).comments.restore({ orgId: orgA, commentId: comment.id, expectedVersion: 3 }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "This comment is not in the trash." });

    // An admin restores anyone's; another organization sees nothing to restore.
    await callerFor(memberA).comments.delete({ orgId: orgA, commentId: comment.id, expectedVersion: 3 });
    await expect(
      callerFor(ownerB).comments.restore({ orgId: orgB, commentId: comment.id, expectedVersion: 4 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await callerFor(adminA).comments.restore({ orgId: orgA, commentId: comment.id, expectedVersion: 4 });
    const audit = await prisma.auditLog.findMany({ where: { action: "comment.restored", targetId: comment.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.actorUserId)).toEqual([memberA, adminA]);
  });

  it("lists oldest first, paging without duplicates or gaps while comments are added", async () => {
    const { prisma } = t;
    const taskId = await newTask("Busy");
    const base = Date.now() - 60_000;
    // Equal timestamps in pairs exercise the id tie-breaker.
    await prisma.taskComment.createMany({
      data: Array.from({ length: 11 }, (_, i) => ({
        orgId: orgA,
        taskId,
        authorId: memberA,
        body: `c${String(i).padStart(2, "0")}`,
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    });
    const expected = await prisma.taskComment.findMany({
      where: { taskId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    let added = false;
    do {
      const page = await callerFor(viewerA).comments.list({
        orgId: orgA,
        taskId,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      if (!added) {
        expected.push({ id: (await callerFor(memberA).comments.create({ orgId: orgA, taskId, body: "Late" })).id });
        added = true;
      }
    } while (cursor);
    expect(seen).toEqual(expected.map((c) => c.id));
  });

  it("answers a tampered cursor with a validation error", async () => {
    const taskId = await newTask();
    await expect(callerFor(memberA).comments.list({ orgId: orgA, taskId, cursor: "bogus" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("cannot reach another organization's comments", async () => {
    const bComment = (await t.prisma.taskComment.findFirstOrThrow({ where: { taskId: taskB } })).id;
    await expect(
      callerFor(ownerA).comments.delete({ orgId: orgA, commentId: bComment, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(ownerA).comments.update({ orgId: orgA, commentId: bComment, expectedVersion: 1, body: "x" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const b = await callerFor(ownerB).comments.list({ orgId: orgB, taskId: taskB });
    expect(b.items.map((c) => [c.body, c.version])).toEqual([["B's secret comment", 1]]);
  });
});
