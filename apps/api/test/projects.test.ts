import type { ProjectDto } from "@agency/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { createOrganizationAs, createUser } from "./helpers/fixtures";
import { countStatements } from "./helpers/statement-counter";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) => callerOf(t, userId, { requestId: "projects-req-01" });

type Issue = { path: (string | number)[] };
/** A caller error: zod input errors carry `issues`, domain errors `details` (with `issues` for field errors). */
type ErrorWithDetails = {
  code: string;
  cause?: { issues?: Issue[]; details?: { issues?: Issue[] } & Record<string, unknown> };
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: ErrorWithDetails) => error,
  );
const issuePaths = (error: ErrorWithDetails | null) =>
  (error?.cause?.issues ?? error?.cause?.details?.issues ?? []).map((issue) => issue.path.join("."));

// Two tenants: A (owner, member, viewer) and B, so every test can check B stays untouched.
let ownerA: string;
let memberA: string;
let viewerA: string;
let ownerB: string;
let orgA: string;
let orgB: string;
let clientA: string;
let clientB: string;
let projectB: string;

beforeAll(async () => {
  t = await startTestApi();
  const user = (email: string) => createUser(t, email, email);
  ownerA = await user("owner@projects-a.test");
  memberA = await user("member@projects-a.test");
  viewerA = await user("viewer@projects-a.test");
  ownerB = await user("owner@projects-b.test");
  orgA = await createOrganizationAs(t, ownerA, "Projects A", [
    { userId: memberA, role: "member" },
    { userId: viewerA, role: "viewer" },
  ]);
  orgB = await createOrganizationAs(t, ownerB, "Projects B");
  clientA = (await callerFor(ownerA).clients.create({ orgId: orgA, name: "Acme" })).id;
  clientB = (await callerFor(ownerB).clients.create({ orgId: orgB, name: "B's client" })).id;
  projectB = (await callerFor(ownerB).projects.create({ orgId: orgB, clientId: clientB, name: "B's secret project" }))
    .id;
});
afterAll(() => t.close());

const newProject = (name: string, extra: Record<string, unknown> = {}) =>
  callerFor(ownerA).projects.create({ orgId: orgA, clientId: clientA, name, ...extra });

describe("projects", () => {
  it("creates, reads and audits a project with its client, dates and budget; other tenants cannot see it", async () => {
    const created = await newProject("Website relaunch", {
      description: "New site",
      status: "planned",
      budgetMinor: 1_250_000,
      currency: "eur",
      startDate: "2026-12-01",
      dueDate: "2027-02-28",
    });
    expect(created).toMatchObject({
      name: "Website relaunch",
      clientId: clientA,
      client: { id: clientA, name: "Acme" },
      status: "planned",
      budgetMinor: 1_250_000,
      currency: "EUR",
      startDate: "2026-12-01",
      dueDate: "2027-02-28",
      taskCounts: { todo: 0, in_progress: 0, review: 0, done: 0 },
      version: 1,
      deletedAt: null,
    });
    await expect(callerFor(viewerA).projects.get({ orgId: orgA, projectId: created.id })).resolves.toMatchObject({
      budgetMinor: 1_250_000,
    });
    await expect(callerFor(ownerB).projects.get({ orgId: orgB, projectId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(callerFor(ownerB).projects.get({ orgId: orgA, projectId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const audit = await t.prisma.auditLog.findMany({ where: { targetId: created.id, orgId: orgA } });
    expect(audit.map((a) => a.action)).toEqual(["project.created"]);
    expect(audit[0]?.actorUserId).toBe(ownerA);
  });

  it("defaults status, currency, budget and dates", async () => {
    const created = await newProject("Defaults");
    expect(created).toMatchObject({
      status: "active",
      currency: "USD",
      budgetMinor: null,
      startDate: null,
      dueDate: null,
      description: "",
    });
  });

  it("members and viewers read projects but cannot write them", async () => {
    await expect(callerFor(memberA).projects.list({ orgId: orgA })).resolves.toBeTruthy();
    await expect(
      callerFor(memberA).projects.create({ orgId: orgA, clientId: clientA, name: "Nope" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      callerFor(viewerA).projects.create({ orgId: orgA, clientId: clientA, name: "Nope" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("rejects dates out of order, a bad currency, a negative or fractional budget with the field named", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ startDate: "2027-01-10", dueDate: "2027-01-09" }, "dueDate"],
      [{ currency: "EURO" }, "currency"],
      [{ currency: "E1R" }, "currency"],
      [{ budgetMinor: -1 }, "budgetMinor"],
      [{ budgetMinor: 10.5 }, "budgetMinor"],
      [{ startDate: "2027-02-30" }, "startDate"],
      [{ name: "   " }, "name"],
    ];
    for (const [extra, field] of cases) {
      const error = await failure(newProject("Invalid", extra));
      expect(error, `${JSON.stringify(extra)} must be refused`).toMatchObject({ code: "BAD_REQUEST" });
      expect(issuePaths(error), JSON.stringify(extra)).toContain(field);
    }
    expect(await t.prisma.project.count({ where: { orgId: orgA, name: "Invalid" } })).toBe(0);
  });

  it("refuses a client of another organization, a missing one and one in the trash", async () => {
    const foreign = await failure(newProject("Foreign client", { clientId: clientB }));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", message: "Client not found." });
    expect(issuePaths(foreign)).toEqual(["clientId"]);
    await expect(newProject("Missing client", { clientId: crypto.randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const trashed = await callerFor(ownerA).clients.create({ orgId: orgA, name: "Trashed client" });
    await callerFor(ownerA).clients.delete({ orgId: orgA, clientId: trashed.id, expectedVersion: 1 });
    await expect(newProject("Trashed client", { clientId: trashed.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const project = await newProject("Moves client");
    await expect(
      callerFor(ownerA).projects.update({
        orgId: orgA,
        projectId: project.id,
        expectedVersion: 1,
        patch: { clientId: clientB },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The other organization's client is untouched and has no new project.
    expect(await t.prisma.project.count({ where: { clientId: clientB } })).toBe(1);
  });

  it("updates with before/after audit, moves to another client, and rejects a stale version with 409 and the current record", async () => {
    const other = await callerFor(ownerA).clients.create({ orgId: orgA, name: "Globex" });
    const project = await newProject("Versioned", { budgetMinor: 100, startDate: "2027-01-01" });
    const first = await callerFor(ownerA).projects.update({
      orgId: orgA,
      projectId: project.id,
      expectedVersion: 1,
      patch: { name: "First edit", budgetMinor: 250, clientId: other.id, status: "planned" },
    });
    expect(first).toMatchObject({
      version: 2,
      name: "First edit",
      budgetMinor: 250,
      client: { id: other.id, name: "Globex" },
    });
    const stale = await failure(
      callerFor(ownerA).projects.update({
        orgId: orgA,
        projectId: project.id,
        expectedVersion: 1,
        patch: { name: "Lost edit" },
      }),
    );
    expect(stale).toMatchObject({
      code: "CONFLICT",
      cause: { details: { current: { name: "First edit", version: 2 } } },
    });
    expect((await callerFor(ownerA).projects.get({ orgId: orgA, projectId: project.id })).name).toBe("First edit");
    const audit = await t.prisma.auditLog.findFirst({
      where: { action: "project.updated", targetId: project.id },
    });
    expect(audit?.metadata).toEqual({
      changes: {
        name: { before: "Versioned", after: "First edit" },
        budgetMinor: { before: 100, after: 250 },
        clientId: { before: clientA, after: other.id },
        status: { before: "active", after: "planned" },
      },
    });
  });

  it("checks the merged dates: a due date before the kept start date is a validation error", async () => {
    const project = await newProject("Dated", { startDate: "2027-03-01" });
    const error = await failure(
      callerFor(ownerA).projects.update({
        orgId: orgA,
        projectId: project.id,
        expectedVersion: 1,
        patch: { dueDate: "2027-02-01" },
      }),
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(issuePaths(error)).toEqual(["patch.dueDate"]);
    const moved = await callerFor(ownerA).projects.update({
      orgId: orgA,
      projectId: project.id,
      expectedVersion: 1,
      patch: { startDate: null, dueDate: "2027-02-01" },
    });
    expect(moved).toMatchObject({ startDate: null, dueDate: "2027-02-01", version: 2 });
  });

  it("soft-deletes to the trash and restores, audited, with stale versions refused", async () => {
    const project = await newProject("Trashable");
    const deleted = await callerFor(ownerA).projects.delete({ orgId: orgA, projectId: project.id, expectedVersion: 1 });
    expect(deleted.deletedAt).not.toBeNull();
    expect((await callerFor(ownerA).projects.list({ orgId: orgA, search: "Trashable" })).items).toEqual([]);
    const trash = await callerFor(ownerA).projects.list({ orgId: orgA, deleted: true });
    expect(trash.items.map((p) => p.id)).toContain(project.id);
    await expect(
      callerFor(ownerA).projects.update({
        orgId: orgA,
        projectId: project.id,
        expectedVersion: 2,
        patch: { name: "x" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(ownerA).projects.restore({ orgId: orgA, projectId: project.id, expectedVersion: 1 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const restored = await callerFor(ownerA).projects.restore({
      orgId: orgA,
      projectId: project.id,
      expectedVersion: 2,
    });
    expect(restored).toMatchObject({ deletedAt: null, version: 3 });
    await expect(
      callerFor(ownerA).projects.restore({ orgId: orgA, projectId: project.id, expectedVersion: 3 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const actions = (
      await t.prisma.auditLog.findMany({ where: { targetId: project.id }, orderBy: { id: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["project.created", "project.deleted", "project.restored"]);
  });

  it("restores a project only while its client is live", async () => {
    const client = await callerFor(ownerA).clients.create({ orgId: orgA, name: "Short-lived" });
    const project = await newProject("Orphan", { clientId: client.id });
    await callerFor(ownerA).projects.delete({ orgId: orgA, projectId: project.id, expectedVersion: 1 });
    await callerFor(ownerA).clients.delete({ orgId: orgA, clientId: client.id, expectedVersion: 1 });
    await expect(
      callerFor(ownerA).projects.restore({ orgId: orgA, projectId: project.id, expectedVersion: 2 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This project's client is in the trash. Restore the client first.",
    });
  });

  it("counts live tasks per status in one grouped query for the whole page", async () => {
    const { prisma } = t;
    const org = (await callerFor(ownerA).organizations.create({ name: "Counting Co" })).id;
    const client = (await callerFor(ownerA).clients.create({ orgId: org, name: "Counted" })).id;
    const p1 = await callerFor(ownerA).projects.create({ orgId: org, clientId: client, name: "P1" });
    const p2 = await callerFor(ownerA).projects.create({ orgId: org, clientId: client, name: "P2" });
    await callerFor(ownerA).projects.create({ orgId: org, clientId: client, name: "P3" });
    const task = (projectId: string, status: "todo" | "in_progress" | "review" | "done", deleted = false, i = 0) => ({
      orgId: org,
      projectId,
      title: `${status} ${i}`,
      status,
      position: i,
      deletedAt: deleted ? new Date() : null,
    });
    await prisma.task.createMany({
      data: [
        task(p1.id, "todo", false, 1),
        task(p1.id, "todo", false, 2),
        task(p1.id, "done", false, 3),
        task(p1.id, "done", true, 4),
        task(p2.id, "review", false, 5),
        task(p2.id, "in_progress", true, 6),
      ],
    });
    const page = await callerFor(ownerA).projects.list({ orgId: org });
    const counts = Object.fromEntries(page.items.map((p) => [p.name, p.taskCounts]));
    expect(counts).toEqual({
      P1: { todo: 2, in_progress: 0, review: 0, done: 1 },
      P2: { todo: 0, in_progress: 0, review: 1, done: 0 },
      P3: { todo: 0, in_progress: 0, review: 0, done: 0 },
    });
    expect((await callerFor(ownerA).projects.get({ orgId: org, projectId: p1.id })).taskCounts).toEqual(counts.P1);
  });

  it("lists in a constant number of queries whatever the page size (no N+1)", async () => {
    const { prisma } = t;
    const org = (await callerFor(ownerA).organizations.create({ name: "Query Count Co" })).id;
    const client = (await callerFor(ownerA).clients.create({ orgId: org, name: "Counted" })).id;
    const counter = countStatements();
    const operationsFor = async (limit: number) => {
      counter.take();
      const page = await callerFor(ownerA).projects.list({ orgId: org, limit });
      expect(page.items).toHaveLength(limit);
      return counter.take().all;
    };
    const seedProjects = async (prefix: string, n: number) => {
      await prisma.project.createMany({
        data: Array.from({ length: n }, (_, i) => ({ orgId: org, clientId: client, name: `${prefix}${i}` })),
      });
      const ids = (
        await prisma.project.findMany({ where: { orgId: org, name: { startsWith: prefix } }, select: { id: true } })
      ).map((p) => p.id);
      await prisma.task.createMany({
        data: ids.map((projectId, i) => ({ orgId: org, projectId, title: `T${i}`, position: i })),
      });
    };
    await seedProjects("Q", 2);
    const small = await operationsFor(2);
    await seedProjects("R", 30);
    const large = await operationsFor(32);
    counter.restore();
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });

  it("pages without duplicates or gaps while rows are inserted between pages", async () => {
    const { prisma } = t;
    const org = (await callerFor(ownerA).organizations.create({ name: "Paging Co" })).id;
    const client = (await callerFor(ownerA).clients.create({ orgId: org, name: "Paged" })).id;
    await prisma.project.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        orgId: org,
        clientId: client,
        name: `Project ${String(i).padStart(2, "0")}`,
      })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    let inserted = false;
    do {
      const page = await callerFor(ownerA).projects.list({ orgId: org, limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor ?? undefined;
      if (!inserted) {
        // Lands before the cursor (must not appear) and after it (must appear exactly once).
        await prisma.project.createMany({
          data: [
            { orgId: org, clientId: client, name: "Project 00a" },
            { orgId: org, clientId: client, name: "Project 99" },
          ],
        });
        inserted = true;
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toContain("Project 99");
    expect(seen.filter((name) => /^Project \d\d$/.test(name))).toHaveLength(26);
  });

  it("newest-first order pages the same way", async () => {
    const org = (await callerFor(ownerA).organizations.create({ name: "Newest Co" })).id;
    const client = (await callerFor(ownerA).clients.create({ orgId: org, name: "Newest" })).id;
    for (const name of ["one", "two", "three"])
      await callerFor(ownerA).projects.create({ orgId: org, clientId: client, name });
    const first = await callerFor(ownerA).projects.list({ orgId: org, sort: "newest", limit: 2 });
    const second = await callerFor(ownerA).projects.list({
      orgId: org,
      sort: "newest",
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect([...first.items, ...second.items].map((p) => p.name)).toEqual(["three", "two", "one"]);
    expect(second.nextCursor).toBeNull();
  });

  it("filters by client and status and searches names case-insensitively", async () => {
    const org = (await callerFor(ownerA).organizations.create({ name: "Filter Co" })).id;
    const c1 = (await callerFor(ownerA).clients.create({ orgId: org, name: "C1" })).id;
    const c2 = (await callerFor(ownerA).clients.create({ orgId: org, name: "C2" })).id;
    const create = (clientId: string, name: string, status: ProjectDto["status"]) =>
      callerFor(ownerA).projects.create({ orgId: org, clientId, name, status });
    await create(c1, "Brand Refresh", "active");
    await create(c1, "Mobile App", "on_hold");
    await create(c2, "Brand Book", "on_hold");
    const names = async (filter: Record<string, unknown>) =>
      (await callerFor(ownerA).projects.list({ orgId: org, ...filter })).items.map((p) => p.name);
    expect(await names({ clientId: c1 })).toEqual(["Brand Refresh", "Mobile App"]);
    expect(await names({ status: "on_hold" })).toEqual(["Brand Book", "Mobile App"]);
    expect(await names({ search: "bRAND" })).toEqual(["Brand Book", "Brand Refresh"]);
    expect(await names({ clientId: c2, status: "on_hold", search: "book" })).toEqual(["Brand Book"]);
    expect(await names({ clientId: c2, status: "active" })).toEqual([]);
  });

  it("answers a tampered cursor with a validation error", async () => {
    await expect(callerFor(ownerA).projects.list({ orgId: orgA, cursor: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("leaves the other tenant untouched", async () => {
    const b = await callerFor(ownerB).projects.list({ orgId: orgB });
    expect(b.items.map((p) => [p.id, p.name, p.version])).toEqual([[projectB, "B's secret project", 1]]);
    await expect(
      callerFor(ownerA).projects.update({
        orgId: orgA,
        projectId: projectB,
        expectedVersion: 1,
        patch: { name: "Hijack" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(ownerA).projects.delete({ orgId: orgA, projectId: projectB, expectedVersion: 1 }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
