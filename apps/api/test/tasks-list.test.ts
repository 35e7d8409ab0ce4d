import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskDto } from "@agency/validators";
import { callerFor as callerOf } from "./helpers/callers";
import { createOrganizationAs, createProject, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) => callerOf(t, userId, { requestId: "tasks-list-req" });

let owner: string;
let member: string;
let ownerB: string;
let org: string;
let orgB: string;

const newProject = (orgId: string, name: string) => createProject(t, orgId, name);

type ListInput = Parameters<ReturnType<typeof callerFor>["tasks"]["list"]>[0];
/** Walks every page; `between` runs after each page (e.g. to insert rows mid-walk). */
async function walk(input: ListInput, between?: (pageIndex: number) => Promise<void>): Promise<TaskDto[]> {
  const seen: TaskDto[] = [];
  let cursor: string | undefined;
  let pageIndex = 0;
  do {
    const page = await callerFor(owner).tasks.list({ ...input, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(input.limit ?? 50);
    seen.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (between) await between(pageIndex++);
  } while (cursor);
  return seen;
}
const titles = (tasks: TaskDto[]) => tasks.map((task) => task.title);

beforeAll(async () => {
  t = await startTestApi({ rateLimitOverrides: { write: { points: 10_000 }, read: { points: 10_000 } } });
  owner = await createUser(t, "owner@list.test");
  member = await createUser(t, "member@list.test");
  ownerB = await createUser(t, "owner@list-b.test");
  org = await createOrganizationAs(t, owner, "List A", [{ userId: member, role: "member" }]);
  orgB = await createOrganizationAs(t, ownerB, "List B");
});
afterAll(() => t.close());

describe("tasks.list pagination", () => {
  it("newest: no duplicates or gaps while rows are inserted between pages", async () => {
    const { prisma } = t;
    const project = await newProject(org, "Newest");
    const base = Date.parse("2026-11-01T00:00:00Z");
    // Pairs share a created_at so the id tie-break is exercised.
    await prisma.task.createMany({
      data: Array.from({ length: 23 }, (_, i) => ({
        orgId: org,
        projectId: project,
        title: `N${String(i).padStart(2, "0")}`,
        position: 1024 * (i + 1),
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    });
    const seen = await walk({ orgId: org, projectId: project, limit: 5 }, async (pageIndex) => {
      if (pageIndex !== 0) return;
      await prisma.task.createMany({
        data: [
          {
            orgId: org,
            projectId: project,
            title: "newer (above the cursor)",
            position: 1,
            createdAt: new Date(base + 60_000),
          },
          {
            orgId: org,
            projectId: project,
            title: "older (below the cursor)",
            position: 2,
            createdAt: new Date(base - 60_000),
          },
        ],
      });
    });
    expect(new Set(seen.map((task) => task.id)).size).toBe(seen.length);
    expect(titles(seen)).not.toContain("newer (above the cursor)");
    expect(titles(seen).at(-1)).toBe("older (below the cursor)");
    expect(titles(seen).filter((title) => /^N\d\d$/.test(title))).toHaveLength(23);
    const keys = seen.map((task) => [Date.parse(task.createdAt), task.id] as const);
    for (let i = 1; i < keys.length; i++) {
      const [[at0, id0], [at1, id1]] = [keys[i - 1]!, keys[i]!];
      expect(at0 > at1 || (at0 === at1 && id0 > id1)).toBe(true);
    }
  });

  it("position: the board order (columns left to right, then position) pages without duplicates or gaps", async () => {
    const project = await newProject(org, "Board order");
    const statuses = ["done", "todo", "review", "in_progress"] as const;
    for (let i = 0; i < 12; i++) {
      await callerFor(owner).tasks.create({
        orgId: org,
        projectId: project,
        title: `${statuses[i % 4]}-${Math.floor(i / 4)}`,
        status: statuses[i % 4],
      });
    }
    const seen = await walk({ orgId: org, projectId: project, sort: "position", limit: 4 }, async (pageIndex) => {
      if (pageIndex !== 0) return;
      // Lands in an already-read column (must not appear) and at the end of a later one (must appear).
      await callerFor(owner).tasks.create({ orgId: org, projectId: project, title: "todo-late", status: "todo" });
      await callerFor(owner).tasks.create({ orgId: org, projectId: project, title: "done-late", status: "done" });
    });
    expect(titles(seen)).toEqual([
      "todo-0",
      "todo-1",
      "todo-2",
      "in_progress-0",
      "in_progress-1",
      "in_progress-2",
      "review-0",
      "review-1",
      "review-2",
      "done-0",
      "done-1",
      "done-2",
      "done-late",
    ]);
  });

  it("due: dated tasks by date, then undated ones, continuing across the boundary within a page", async () => {
    const { prisma } = t;
    const project = await newProject(org, "Due");
    const dates = ["2026-12-03", "2026-12-01", null, "2026-12-02", null, "2026-12-01", null, null, "2026-12-05"];
    await prisma.task.createMany({
      data: dates.map((date, i) => ({
        orgId: org,
        projectId: project,
        title: `D${i}`,
        position: i,
        dueDate: date ? new Date(`${date}T00:00:00Z`) : null,
      })),
    });
    const seen = await walk({ orgId: org, projectId: project, sort: "due", limit: 4 }, async (pageIndex) => {
      if (pageIndex !== 0) return;
      await prisma.task.createMany({
        data: [
          {
            orgId: org,
            projectId: project,
            title: "early (already passed)",
            position: 1,
            dueDate: new Date("2026-11-01T00:00:00Z"),
          },
          { orgId: org, projectId: project, title: "late", position: 1, dueDate: new Date("2027-01-01T00:00:00Z") },
          { orgId: org, projectId: project, title: "undated late", position: 1 },
        ],
      });
    });
    expect(new Set(seen.map((task) => task.id)).size).toBe(seen.length);
    expect(titles(seen)).not.toContain("early (already passed)");
    const dated = seen.filter((task) => task.dueDate);
    const undated = seen.filter((task) => !task.dueDate);
    expect(seen.slice(0, dated.length)).toEqual(dated);
    expect(dated.map((task) => task.dueDate)).toEqual([
      "2026-12-01",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-05",
      "2027-01-01",
    ]);
    expect(undated).toHaveLength(5);
    expect(undated.map((task) => task.id)).toEqual(undated.map((task) => task.id).sort());

    // One page straddling the boundary (all 7 dated + 2 undated), then a cursor in the undated part.
    const first = await callerFor(owner).tasks.list({ orgId: org, projectId: project, sort: "due", limit: 9 });
    expect(first.items.map((task) => task.dueDate === null)).toEqual([...Array<boolean>(7).fill(false), true, true]);
    const rest = await callerFor(owner).tasks.list({
      orgId: org,
      projectId: project,
      sort: "due",
      limit: 9,
      cursor: first.nextCursor!,
    });
    expect(rest.items.map((task) => task.id)).toEqual(undated.slice(2).map((task) => task.id));
    expect(rest.nextCursor).toBeNull();
  });

  it("updated: most recently edited first", async () => {
    const project = await newProject(org, "Updated");
    const a = await callerFor(owner).tasks.create({ orgId: org, projectId: project, title: "first" });
    await callerFor(owner).tasks.create({ orgId: org, projectId: project, title: "second" });
    await callerFor(owner).tasks.update({
      orgId: org,
      taskId: a.id,
      expectedVersion: 1,
      patch: { priority: "urgent" },
    });
    expect(titles(await walk({ orgId: org, projectId: project, sort: "updated", limit: 1 }))).toEqual([
      "first",
      "second",
    ]);
  });

  it("answers a tampered cursor, or one of another sort, with 400", async () => {
    const project = await newProject(org, "Cursors");
    for (const title of ["one", "two"])
      await callerFor(owner).tasks.create({ orgId: org, projectId: project, title, dueDate: "2026-12-01" });
    const newest = await callerFor(owner).tasks.list({ orgId: org, projectId: project, limit: 1 });
    const due = await callerFor(owner).tasks.list({ orgId: org, projectId: project, limit: 1, sort: "due" });
    const bad = (input: Partial<ListInput>) =>
      callerFor(owner).tasks.list({ orgId: org, projectId: project, ...input });
    await expect(bad({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(bad({ cursor: newest.nextCursor!, sort: "due" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(bad({ cursor: due.nextCursor!, sort: "position" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(bad({ cursor: due.nextCursor!, sort: "newest" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(owner).tasks.list({ orgId: org, sort: "position" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("tasks.list filters", () => {
  let project: string;
  let other: string;
  const ids = (tasks: { items: TaskDto[] }) => titles(tasks.items).sort();
  const list = (input: Partial<ListInput>) => callerFor(owner).tasks.list({ orgId: org, projectId: project, ...input });

  beforeAll(async () => {
    project = await newProject(org, "Filters");
    other = await newProject(org, "Other");
    const create = (input: Record<string, unknown>) =>
      callerFor(owner).tasks.create({ orgId: org, projectId: project, ...input } as Parameters<
        ReturnType<typeof callerFor>["tasks"]["create"]
      >[0]);
    await create({
      title: "Alpha LAUNCH plan",
      status: "todo",
      priority: "high",
      assigneeId: member,
      labels: ["marketing"],
      dueDate: "2026-12-01",
    });
    await create({
      title: "Beta",
      description: "Prepare the Launch checklist",
      status: "in_progress",
      priority: "low",
      labels: ["ops", "marketing"],
      dueDate: "2026-12-10",
    });
    await create({ title: "Gamma", status: "done", priority: "urgent", assigneeId: owner, dueDate: "2026-12-20" });
    await create({ title: "Delta", status: "review", priority: "medium" });
    await callerFor(owner).tasks.create({ orgId: org, projectId: other, title: "Elsewhere launch" });
  });

  it("by status, priority, assignee (or none), label, project and due range", async () => {
    expect(ids(await list({ status: ["todo", "done"] }))).toEqual(["Alpha LAUNCH plan", "Gamma"]);
    expect(ids(await list({ priority: ["low", "urgent"] }))).toEqual(["Beta", "Gamma"]);
    expect(ids(await list({ assigneeId: member }))).toEqual(["Alpha LAUNCH plan"]);
    expect(ids(await list({ assigneeId: "none" }))).toEqual(["Beta", "Delta"]);
    expect(ids(await list({ label: "Marketing" }))).toEqual(["Alpha LAUNCH plan", "Beta"]);
    expect(ids(await list({ dueFrom: "2026-12-05", dueTo: "2026-12-20" }))).toEqual(["Beta", "Gamma"]);
    expect(ids(await list({ dueFrom: "2026-12-05", sort: "due" }))).toEqual(["Beta", "Gamma"]);
    expect(ids(await list({ projectId: other }))).toEqual(["Elsewhere launch"]);
    await expect(list({ dueFrom: "2026-12-20", dueTo: "2026-12-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("searches title and description case-insensitively", async () => {
    expect(ids(await list({ search: "launch" }))).toEqual(["Alpha LAUNCH plan", "Beta"]);
    expect(ids(await list({ search: "CHECKLIST" }))).toEqual(["Beta"]);
    expect(ids(await callerFor(owner).tasks.list({ orgId: org, search: "LaUnCh", limit: 50 }))).toEqual(
      expect.arrayContaining(["Alpha LAUNCH plan", "Beta", "Elsewhere launch"]),
    );
    // LIKE wildcards in the term are literal characters, not patterns.
    expect(ids(await list({ search: "a_p" }))).toEqual([]);
    expect(ids(await list({ search: "%%" }))).toEqual([]);
    const literal = await newProject(org, "Literal");
    await callerFor(owner).tasks.create({ orgId: org, projectId: literal, title: "Ship 100% of snake_case" });
    await callerFor(owner).tasks.create({ orgId: org, projectId: literal, title: "Ship 1000 of snakeXcase" });
    expect(ids(await list({ projectId: literal, search: "100%" }))).toEqual(["Ship 100% of snake_case"]);
    expect(ids(await list({ projectId: literal, search: "e_c" }))).toEqual(["Ship 100% of snake_case"]);
  });

  it("other tenants see none of it", async () => {
    expect((await callerFor(ownerB).tasks.list({ orgId: orgB })).items).toEqual([]);
    await expect(callerFor(ownerB).tasks.list({ orgId: org })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
