/**
 * The typed-client journey of the contract test (test/rest-contract.test.ts): written against
 * types generated from the SERVED spec (`generated/api-v1.ts`, made at test time, gitignored) and
 * type-checked against them by that test before it runs — so a drift between the spec, the
 * server and this client fails either the type check or an assertion below.
 * Not part of the package's own `tsc` (the types exist only during the test).
 */
import createClient from "openapi-fetch";
import { expect } from "vitest";
import type { paths } from "./generated/api-v1";

export interface JourneyOptions {
  /** `http://host:port/api/v1` */
  baseUrl: string;
  /** From restAuthHeaders: who calls, in which organization. */
  headers: Record<string, string>;
}

/** create client → project → task, list pages, GET + ETag, PATCH + If-Match, stale 412, move, comment, delete, restore, audit. */
export async function runJourney({ baseUrl, headers }: JourneyOptions): Promise<string[]> {
  const api = createClient<paths>({ baseUrl, headers });
  const steps: string[] = [];

  const client = await api.POST("/clients", { body: { name: "Northwind", contactEmail: "ops@northwind.test" } });
  expect(client.response.status).toBe(201);
  const clientId = client.data!.data.id;
  expect(client.response.headers.get("location")).toBe(`/api/v1/clients/${clientId}`);
  steps.push("client created");

  const project = await api.POST("/projects", { body: { clientId, name: "Website relaunch", currency: "EUR" } });
  expect(project.response.status).toBe(201);
  const projectId = project.data!.data.id;
  expect(project.data!.data.client.name).toBe("Northwind");
  steps.push("project created");

  const titles = ["Wireframes", "Copy", "Photos"];
  let taskId = "";
  for (const title of titles) {
    const task = await api.POST("/tasks", { body: { projectId, title, priority: "high", labels: ["launch"] } });
    expect(task.response.status).toBe(201);
    taskId ||= task.data!.data.id;
    expect(task.response.headers.get("location")).toBe(`/api/v1/tasks/${task.data!.data.id}`);
  }
  steps.push("tasks created");

  const listed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET("/projects/{projectId}/tasks", {
      params: { path: { projectId }, query: { limit: 2, cursor } },
    });
    expect(page.response.status).toBe(200);
    expect(page.data!.meta.limit).toBe(2);
    listed.push(...page.data!.data.map((task) => task.title));
    cursor = page.data!.meta.nextCursor ?? undefined;
  } while (cursor);
  expect(listed.sort()).toEqual([...titles].sort());
  steps.push("tasks listed in pages");

  const got = await api.GET("/tasks/{taskId}", { params: { path: { taskId } } });
  expect(got.response.status).toBe(200);
  const etag = got.response.headers.get("etag")!;
  expect(etag).toBe(`"${got.data!.data.version}"`);
  steps.push("task read with ETag");

  const patched = await api.PATCH("/tasks/{taskId}", {
    params: { path: { taskId }, header: { "if-match": etag } },
    body: { title: "Wireframes v2", dueDate: "2026-12-31" },
  });
  expect(patched.response.status).toBe(200);
  expect(patched.data!.data.title).toBe("Wireframes v2");
  const newEtag = patched.response.headers.get("etag")!;
  expect(newEtag).not.toBe(etag);
  steps.push("task patched with If-Match");

  const stale = await api.PATCH("/tasks/{taskId}", {
    params: { path: { taskId }, header: { "if-match": etag } },
    body: { title: "Lost update" },
  });
  expect(stale.response.status).toBe(412);
  expect(stale.error!.error.code).toBe("PRECONDITION_FAILED");
  steps.push("stale If-Match refused (412)");

  const moved = await api.POST("/tasks/{taskId}/move", {
    params: { path: { taskId }, header: { "if-match": newEtag } },
    body: { status: "in_progress", afterTaskId: null },
  });
  expect(moved.response.status).toBe(200);
  expect(moved.data!.data.status).toBe("in_progress");
  const movedEtag = moved.response.headers.get("etag")!;
  steps.push("task moved");

  const comment = await api.POST("/tasks/{taskId}/comments", {
    params: { path: { taskId } },
    body: { body: "Looks good." },
  });
  expect(comment.response.status).toBe(201);
  const comments = await api.GET("/tasks/{taskId}/comments", { params: { path: { taskId } } });
  expect(comments.data!.data.map((c) => c.body)).toEqual(["Looks good."]);
  steps.push("commented");

  const deleted = await api.DELETE("/tasks/{taskId}", {
    params: { path: { taskId }, header: { "if-match": movedEtag } },
  });
  expect(deleted.response.status).toBe(204);
  const trashed = await api.GET("/tasks", { params: { query: { deleted: true } } });
  expect(trashed.data!.data.map((task) => task.id)).toContain(taskId);
  const deletedVersion = trashed.data!.data.find((task) => task.id === taskId)!.version;
  steps.push("task deleted (204)");

  const restored = await api.POST("/tasks/{taskId}/restore", {
    params: { path: { taskId }, header: { "if-match": `"${deletedVersion}"` } },
  });
  expect(restored.response.status).toBe(200);
  expect(restored.data!.data.deletedAt).toBeNull();
  steps.push("task restored");

  const audit = await api.GET("/audit-entries", { params: { query: { targetId: taskId } } });
  expect(audit.response.status).toBe(200);
  expect(audit.data!.data.map((entry) => entry.action)).toEqual(
    expect.arrayContaining(["task.created", "task.updated", "task.moved", "task.deleted", "task.restored"]),
  );
  steps.push("audit listed");
  return steps;
}
