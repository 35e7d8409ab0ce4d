import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskPageSchema, taskSchema } from "@agency/validators";
import { callerFor as callerOf } from "./helpers/callers";
import { createOrganizationAs, createProject, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * tasks.list and tasks.get skip tRPC's runtime output validation (hot read paths, see
 * routers/tasks/list.ts): their answers are built by `toTaskDto`. This is the check that
 * replaces it — every field kind filled and empty, parsed against the published schemas,
 * with nothing extra (parsing strips unknown keys, so a strict equality proves there are none).
 */
let t: TestApi;
let owner: string;
let org: string;
let project: string;
const caller = () => callerOf(t, owner, { requestId: "task-contract" });

beforeAll(async () => {
  t = await startTestApi();
  owner = await createUser(t, "owner@contract.test", "Contract Owner");
  org = await createOrganizationAs(t, owner, "Contract");
  project = await createProject(t, org, "Contract project");
  const full = await caller().tasks.create({
    orgId: org,
    projectId: project,
    title: "Everything set",
    description: "With a description",
    priority: "high",
    assigneeId: owner,
    dueDate: "2026-12-31",
    labels: ["design", "copy"],
  });
  await caller().comments.create({ orgId: org, taskId: full.id, body: "First" });
  await caller().tasks.create({ orgId: org, projectId: project, title: "Nothing set" });
  const trashed = await caller().tasks.create({ orgId: org, projectId: project, title: "Trashed" });
  await caller().tasks.delete({ orgId: org, taskId: trashed.id, expectedVersion: trashed.version });
});
afterAll(() => t.close());

describe("task read answers match the published schemas exactly", () => {
  it("tasks.list, live and trash, every sort", async () => {
    for (const sort of ["newest", "updated", "due", "position"] as const) {
      for (const deleted of [false, true]) {
        const page = await caller().tasks.list({ orgId: org, projectId: project, sort, deleted, limit: 2 });
        expect(page.items.length).toBeGreaterThan(0);
        expect(taskPageSchema.parse(page)).toStrictEqual(page);
      }
    }
    const [full] = (await caller().tasks.list({ orgId: org, search: "Everything" })).items;
    expect(full).toMatchObject({
      assignee: { id: owner, name: "Contract Owner" },
      createdBy: { id: owner, name: "Contract Owner" },
      dueDate: "2026-12-31",
      labels: ["design", "copy"],
      commentCount: 1,
      deletedAt: null,
    });
  });

  it("tasks.get, filled and empty fields", async () => {
    for (const { id } of (await caller().tasks.list({ orgId: org, projectId: project })).items) {
      const task = await caller().tasks.get({ orgId: org, taskId: id });
      expect(taskSchema.parse(task)).toStrictEqual(task);
    }
    const [empty] = (await caller().tasks.list({ orgId: org, search: "Nothing set" })).items;
    expect(empty).toMatchObject({ assignee: null, dueDate: null, labels: [], commentCount: 0, description: "" });
  });
});
