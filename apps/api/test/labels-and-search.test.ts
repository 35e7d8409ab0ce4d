import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { createClient, createOrganizationAs, createProject, createTask, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) => callerOf(t, userId, { requestId: "labels-search-req" });

let owner: string;
let viewer: string;
let ownerB: string;
let org: string;
let orgB: string;

beforeAll(async () => {
  t = await startTestApi({ rateLimitOverrides: { write: { points: 10_000 }, read: { points: 10_000 } } });
  owner = await createUser(t, "owner@labels.test");
  viewer = await createUser(t, "viewer@labels.test");
  ownerB = await createUser(t, "owner@labels-b.test");
  org = await createOrganizationAs(t, owner, "Labels A", [{ userId: viewer, role: "viewer" }]);
  orgB = await createOrganizationAs(t, ownerB, "Labels B");
});
afterAll(() => t.close());

describe("tasks search matches client and project names", () => {
  it("finds a task by its project's or client's name as well as its title, in both lists, and not another org's", async () => {
    const acme = await createClient(t, org, "Acme Rockets");
    const website = await createProject(t, org, "Website relaunch", acme);
    const other = await createProject(t, org, "Internal tools");
    await createTask(t, org, website, "Fix the footer");
    await createTask(t, org, other, "Acme-style spreadsheet");
    await createTask(t, org, other, "Unrelated chore");
    // Another organization's client with the same name must not leak in.
    const acmeB = await createClient(t, orgB, "Acme Rockets");
    await createTask(t, orgB, await createProject(t, orgB, "B site", acmeB), "B footer");

    const titles = async (search: string) =>
      (await callerFor(viewer).tasks.list({ orgId: org, search })).items.map((task) => task.title).sort();
    expect(await titles("rockets")).toEqual(["Fix the footer"]);
    expect(await titles("RELAUNCH")).toEqual(["Fix the footer"]);
    expect(await titles("acme")).toEqual(["Acme-style spreadsheet", "Fix the footer"]);
    expect(await titles("internal")).toEqual(["Acme-style spreadsheet", "Unrelated chore"]);
    expect(await titles("nothing like it")).toEqual([]);

    const projects = await callerFor(viewer).projects.list({ orgId: org, search: "rockets" });
    expect(projects.items.map((project) => project.name)).toEqual(["Website relaunch"]);
  });
});

describe("labels: one spelling, suggestions with counts", () => {
  it("stores labels trimmed, lower-case and with inner whitespace collapsed, so filters match however they were typed", async () => {
    const project = await createProject(t, org, "Labelled");
    const created = await callerFor(owner).tasks.create({
      orgId: org,
      projectId: project,
      title: "Labelled task",
      labels: ["  Needs   Review ", "URGENT", "urgent"],
    });
    expect(created.labels).toEqual(["needs review", "urgent"]);
    const found = await callerFor(owner).tasks.list({ orgId: org, label: "Needs Review" });
    expect(found.items.map((task) => task.id)).toEqual([created.id]);
  });

  it("labels.list suggests the organization's labels with task counts, prefix matches first, case-insensitively", async () => {
    const project = await createProject(t, org, "Suggestions");
    for (const labels of [["design", "urgent"], ["urgent"], ["backend", "design"], ["urgent", "frontend"]]) {
      await callerFor(owner).tasks.create({ orgId: org, projectId: project, title: `T ${labels.join()}`, labels });
    }
    // Trashed tasks do not count.
    const gone = await callerFor(owner).tasks.create({ orgId: org, projectId: project, title: "Gone", labels: ["urgent", "obsolete"] });
    await callerFor(owner).tasks.delete({ orgId: org, taskId: gone.id, expectedVersion: gone.version });
    // Another organization's labels never appear.
    const projectB = await createProject(t, orgB, "B");
    await callerFor(ownerB).tasks.create({ orgId: orgB, projectId: projectB, title: "B", labels: ["urgent", "secret-b"] });

    const all = await callerFor(viewer).labels.list({ orgId: org });
    expect(all.items).toEqual(
      expect.arrayContaining([
        { label: "urgent", taskCount: 4 },
        { label: "design", taskCount: 2 },
        { label: "backend", taskCount: 1 },
      ]),
    );
    expect(all.items[0]).toEqual({ label: "urgent", taskCount: 4 });
    expect(all.items.map((item) => item.label)).not.toContain("obsolete");
    expect(all.items.map((item) => item.label)).not.toContain("secret-b");

    const end = await callerFor(viewer).labels.list({ orgId: org, search: "END" });
    // "frontend" and "backend" contain it; none start with it: most used, then alphabetical.
    expect(end.items.map((item) => item.label)).toEqual(["backend", "frontend"]);
    const de = await callerFor(viewer).labels.list({ orgId: org, search: "De" });
    expect(de.items.map((item) => item.label)[0]).toBe("design");
    await expect(callerFor(viewer).labels.list({ orgId: org, search: "%" })).resolves.toEqual({ items: [] });
  });

  it("a non-member gets NOT_FOUND", async () => {
    await expect(callerFor(ownerB).labels.list({ orgId: org })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
