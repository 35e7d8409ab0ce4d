import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject } from "./helpers/fixtures";
import { expectEnvelope, rest, restKeyHeaders, restTenant, startRestTestApi, type RestCaller } from "./helpers/rest";
import type { TestApi } from "./helpers/test-api";

/**
 * The REST twin of idempotency.test.ts's concurrency proof: a machine client (Bearer API key)
 * retrying `POST /api/v1/tasks` ten times at once under one Idempotency-Key gets one task.
 */
type Created = { data: { id: string; title: string } };

let t: TestApi;
let base: string;
let a: RestCaller;

beforeAll(async () => {
  t = await startRestTestApi();
  base = await t.listen();
  a = await restTenant(t, "Idem REST");
});
afterAll(() => t?.close());

describe("REST Idempotency-Key under concurrency", () => {
  it("10 concurrent POST /tasks with one key and a Bearer API key make one task and one audit entry; each answer is the 201, its replay (same body, Location, ETag) or 409 in_flight", async () => {
    const key = await restKeyHeaders(t, a, ["task:write"]);
    const headers = { ...key, "idempotency-key": `rest-${crypto.randomUUID()}` };
    const body = { projectId: await createProject(t, a.orgId, "Concurrent"), title: "Concurrent REST create" };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => rest<Created>(base, "POST", "/tasks", { headers, body })),
    );

    const tasks = await t.prisma.task.findMany({ where: { orgId: a.orgId, title: body.title } });
    expect(tasks, "exactly one task was created").toHaveLength(1);
    const task = tasks[0]!;
    expect(await t.prisma.auditLog.count({ where: { action: "task.created", targetId: task.id } })).toBe(1);

    const replayed = (answer: (typeof answers)[number]) => answer.headers.get("idempotent-replayed") === "true";
    const originals = answers.filter((answer) => answer.status === 201 && !replayed(answer));
    const replays = answers.filter((answer) => answer.status === 201 && replayed(answer));
    const inFlight = answers.filter((answer) => answer.status === 409);
    console.info(
      `rest idempotency: ${originals.length} created, ${replays.length} replays, ${inFlight.length} in flight`,
    );
    expect(originals, "exactly one call ran the procedure").toHaveLength(1);
    expect(originals.length + replays.length + inFlight.length, "no other answer than 201 or 409").toBe(10);
    const original = originals[0]!;
    expect(original.body.data.id).toBe(task.id);
    expect(original.headers.get("location")).toBe(`/api/v1/tasks/${task.id}`);
    for (const replay of replays) {
      expect(replay.text).toBe(original.text);
      expect(replay.headers.get("location")).toBe(original.headers.get("location"));
      expect(replay.headers.get("etag")).toBe(original.headers.get("etag"));
    }
    for (const conflict of inFlight) {
      const envelope = expectEnvelope(conflict, 409, "CONFLICT");
      expect(envelope.error.details).toMatchObject({ header: "Idempotency-Key", reason: "in_flight" });
    }

    // A retry after all finished: the stored answer, marked as a replay; still one task.
    const retry = await rest<Created>(base, "POST", "/tasks", { headers, body });
    expect(retry.status).toBe(201);
    expect(replayed(retry)).toBe(true);
    expect(retry.text).toBe(original.text);
    expect(retry.headers.get("location")).toBe(original.headers.get("location"));
    expect(await t.prisma.task.count({ where: { orgId: a.orgId, title: body.title } })).toBe(1);
  });
});
