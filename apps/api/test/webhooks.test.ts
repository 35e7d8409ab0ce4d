import type { Role } from "@agency/validators";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  deliverWebhook,
  DISABLE_AFTER_FAILING_MS,
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
  type DeliveryDeps,
} from "../src/services/webhooks/deliver";
import { emitEvent } from "../src/services/webhooks/emit-event";
import { runDueDeliveries } from "../src/services/webhooks/due-deliveries";
import { callerFor } from "./helpers/callers";
import { createMemberPerRole, createProject, createTask, createUser, seedOrganization } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";
import { startReceiver, type Receiver } from "./helpers/webhook-receiver";

/**
 * Outbound webhooks end to end against real PostgreSQL and a real HTTP receiver on loopback
 * (allowed through WEBHOOK_ALLOW_PRIVATE_TARGETS): events written with the change, signed per
 * Standard Webhooks and verified by the standardwebhooks package, retries with backoff driven
 * by calling the handler with an injected clock (no sleeps), redirects, timeouts, caps, disable
 * after sustained failure, and tenant isolation. Two organizations throughout.
 */
let t: TestApi;
let receiver: Receiver;
let orgA: string;
let orgB: string;
let usersA: Record<Role, string>;
let ownerB: string;
let projectA: string;
let projectB: string;

beforeAll(async () => {
  t = await startTestApi({
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8", APP_URL: "http://app.test" },
    rateLimitOverrides: { write: { points: 10_000 }, read: { points: 10_000 } },
  });
  receiver = await startReceiver();
  orgA = await seedOrganization(t, "Hooks A");
  usersA = await createMemberPerRole(t, orgA, "hooks-a.test");
  ownerB = await createUser(t, "owner@hooks-b.test", "Owner B");
  orgB = await seedOrganization(t, "Hooks B", [{ userId: ownerB, role: "owner" }]);
  projectA = await createProject(t, orgA, "Website");
  projectB = await createProject(t, orgB, "Other");
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
afterEach(async () => {
  // Each test starts without endpoints (deliveries go with them) and with an empty receiver log.
  await t.prisma.webhookEndpoint.deleteMany({});
  await t.prisma.slackConnection.deleteMany({});
  receiver.received.length = 0;
});

const owner = () => callerFor(t, usersA.owner);

function deps(overrides: Partial<DeliveryDeps> = {}): DeliveryDeps {
  const { db, integrations } = t.api.deps;
  return { db, box: integrations.box, policy: integrations.policy, appUrl: "http://app.test", random: () => 0.5, ...overrides };
}

async function registerEndpoint(eventTypes: ("task.created" | "task.updated" | "task.moved")[] = ["task.created"], path = "/hook") {
  return owner().webhooks.create({ orgId: orgA, url: receiver.url(path), description: "Receiver", eventTypes });
}

const deliveriesOf = (endpointId: string) =>
  t.prisma.webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });

describe("endpoints", () => {
  it("create shows the signing secret once; it is stored encrypted and never listed", async () => {
    const { endpoint, secret } = await registerEndpoint();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await owner().webhooks.list({ orgId: orgA });
    expect(listed.map((e) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    const row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretCiphertext).not.toContain(secret.slice(6));
    expect(row.secretKeyId).toBe("dev");
    const audit = await t.prisma.auditLog.findFirst({ where: { action: "webhook.created", targetId: endpoint.id } });
    expect(JSON.stringify(audit?.metadata)).not.toContain("whsec_");
  });

  it("create and rotate take no Idempotency-Key: a stored answer would keep the secret and show it twice", async () => {
    const keyed = callerFor(t, usersA.owner, { headers: { "idempotency-key": "create-once" } });
    await expect(keyed.webhooks.create({ orgId: orgA, url: receiver.url(), eventTypes: ["task.created"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Idempotency-Key"),
    });
    const { endpoint } = await registerEndpoint();
    await expect(keyed.webhooks.rotateSecret({ orgId: orgA, endpointId: endpoint.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await t.prisma.idempotencyKey.count({ where: { orgId: orgA } })).toBe(0);
    // Other integration mutations take keys as usual.
    await keyed.webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    expect(await t.prisma.idempotencyKey.count({ where: { orgId: orgA } })).toBe(1);
  });

  it("refuses private, metadata and credential-bearing URLs with a validation error", async () => {
    for (const url of ["http://169.254.169.254/latest", "http://10.0.0.1/hook", "https://user:pw@example.com/x", "http://[::1]/x"]) {
      await expect(owner().webhooks.create({ orgId: orgA, url, eventTypes: ["task.created"] }), url).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    }
  });

  it("only admins and owners manage integrations", async () => {
    await expect(callerFor(t, usersA.member).webhooks.list({ orgId: orgA })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(t, usersA.admin).webhooks.list({ orgId: orgA })).resolves.toEqual([]);
  });
});

describe("events and signatures", () => {
  it("a task created in the UI's procedure arrives signed; the reference verifier accepts it", async () => {
    const { endpoint, secret } = await registerEndpoint();
    const task = await owner().tasks.create({ orgId: orgA, projectId: projectA, title: "Launch page" });
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ eventType: "task.created", status: "pending", attemptCount: 0 });

    const results = await runDueDeliveries(deps());
    expect(results).toEqual([{ id: delivery!.id, outcome: { status: "done" } }]);
    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    const payload = new Webhook(secret).verify(request.body, request.headers) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: "task.created",
      version: 1,
      orgId: orgA,
      data: { taskId: task.id, projectId: projectA, title: "Launch page", status: "todo", actorId: usersA.owner },
    });
    expect(request.headers["webhook-id"]).toBe(payload.id);
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(request.body, request.headers)).toThrow();

    const log = await owner().webhooks.deliveries({ orgId: orgA, endpointId: endpoint.id });
    expect(log.items[0]).toMatchObject({ status: "succeeded", attemptCount: 1, lastStatusCode: 200, responseSnippet: "ok" });
    expect(log.items[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("rotation: during the overlap both secrets' signatures are sent and each verifies; without overlap only the new", async () => {
    const { endpoint, secret: oldSecret } = await registerEndpoint();
    const { secret: newSecret } = await owner().webhooks.rotateSecret({ orgId: orgA, endpointId: endpoint.id, overlapHours: 24 });
    expect(newSecret).not.toBe(oldSecret);
    await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    await runDueDeliveries(deps());
    const overlap = receiver.received.at(-1)!;
    expect(overlap.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(newSecret).verify(overlap.body, overlap.headers)).toMatchObject({ type: "ping" });
    expect(new Webhook(oldSecret).verify(overlap.body, overlap.headers)).toMatchObject({ type: "ping" });

    const { secret: newest } = await owner().webhooks.rotateSecret({ orgId: orgA, endpointId: endpoint.id, overlapHours: 0 });
    await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    await runDueDeliveries(deps());
    const after = receiver.received.at(-1)!;
    expect(after.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(new Webhook(newest).verify(after.body, after.headers)).toMatchObject({ type: "ping" });
    expect(() => new Webhook(newSecret).verify(after.body, after.headers)).toThrow();
  });

  it("emits each subscribed type once, skips unsubscribed types and disabled endpoints", async () => {
    const { endpoint } = await registerEndpoint(["task.moved"]);
    const taskId = await createTask(t, orgA, projectA, "Moving", 1024);
    await owner().tasks.update({ orgId: orgA, taskId, expectedVersion: 1, patch: { title: "Renamed" } });
    await owner().tasks.move({ orgId: orgA, taskId, expectedVersion: 2, status: "done", afterTaskId: null });
    const rows = await deliveriesOf(endpoint.id);
    expect(rows.map((r) => r.eventType)).toEqual(["task.moved"]);
    expect(rows[0]!.payload).toMatchObject({ data: { taskId, status: "done", previousStatus: "todo", title: "Renamed" } });

    await owner().webhooks.update({ orgId: orgA, endpointId: endpoint.id, patch: { enabled: false } });
    await owner().tasks.move({ orgId: orgA, taskId, expectedVersion: 3, status: "todo", afterTaskId: null });
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
  });

  it("client, project, comment and member changes each emit their event, with ids and the changed fields", async () => {
    const { endpoint } = await owner().webhooks.create({
      orgId: orgA,
      url: receiver.url(),
      eventTypes: ["client.created", "client.updated", "project.deleted", "comment.created", "member.added", "member.role_changed", "member.removed"],
    });
    const client = await owner().clients.create({ orgId: orgA, name: "Globex" });
    await owner().clients.update({ orgId: orgA, clientId: client.id, expectedVersion: 1, patch: { status: "paused" } });
    const project = await owner().projects.create({ orgId: orgA, clientId: client.id, name: "Doomed" });
    await owner().projects.delete({ orgId: orgA, projectId: project.id, expectedVersion: project.version });
    const taskId = await createTask(t, orgA, projectA, "Discussed", 8192);
    const comment = await callerFor(t, usersA.member).comments.create({ orgId: orgA, taskId, body: "Secret plans" });

    // member.added comes from accepting an invitation: the invitee is a member only once it commits.
    const invitee = await createUser(t, "invitee@hooks-a.test", "Ivy");
    await owner().invitations.create({ orgId: orgA, email: "invitee@hooks-a.test", role: "member" });
    const mail = await t.prisma.outboxEmail.findFirstOrThrow({ where: { to: "invitee@hooks-a.test" }, orderBy: { createdAt: "desc" } });
    const token = mail.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)![1]!;
    await callerFor(t, invitee).invitations.accept({ token });
    await owner().members.changeRole({ orgId: orgA, userId: invitee, role: "viewer" });
    await owner().members.remove({ orgId: orgA, userId: invitee });

    const events = (await deliveriesOf(endpoint.id)).map((d) => d.payload as { type: string; data: Record<string, unknown> });
    const byType = (type: string) => events.find((e) => e.type === type)!.data;
    expect(events.map((e) => e.type).sort()).toEqual(
      ["client.created", "client.updated", "project.deleted", "comment.created", "member.added", "member.role_changed", "member.removed"].sort(),
    );
    expect(byType("client.updated")).toMatchObject({ clientId: client.id, changes: { status: { before: "active", after: "paused" } } });
    expect(byType("project.deleted")).toMatchObject({ projectId: project.id, name: "Doomed" });
    expect(byType("comment.created")).toEqual({ commentId: comment.id, taskId, actorId: usersA.member });
    expect(JSON.stringify(events)).not.toContain("Secret plans");
    expect(byType("member.added")).toMatchObject({ userId: invitee, role: "member", actorId: invitee });
    expect(byType("member.role_changed")).toMatchObject({ userId: invitee, role: "viewer", previousRole: "member" });
    expect(byType("member.removed")).toMatchObject({ userId: invitee, role: null, left: false });
  });

  it("a rolled-back change emits nothing; the same change committed emits one delivery", async () => {
    const { endpoint } = await registerEndpoint();
    const emit = (fail: boolean) =>
      t.api.deps.db.tenant({ userId: usersA.owner, orgId: orgA }, async ({ tx }) => {
        await emitEvent({ tx, org: { id: orgA }, actor: { userId: usersA.owner } }, "task.created", { taskId: crypto.randomUUID() });
        if (fail) throw new Error("the business change failed");
      });
    await expect(emit(true)).rejects.toThrow("the business change failed");
    expect(await deliveriesOf(endpoint.id)).toHaveLength(0);
    // Through a procedure: a version conflict rolls the whole call back, events included.
    const taskId = await createTask(t, orgA, projectA, "Conflicted", 2048);
    await expect(
      owner().tasks.update({ orgId: orgA, taskId, expectedVersion: 99, patch: { title: "Nope" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await deliveriesOf(endpoint.id)).toHaveLength(0);
    await emit(false);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
  });

  it("another organization's endpoints never receive this organization's events", async () => {
    const { endpoint: mine } = await registerEndpoint();
    const { endpoint: theirs } = await callerFor(t, ownerB).webhooks.create({
      orgId: orgB,
      url: receiver.url("/org-b"),
      eventTypes: ["task.created"],
    });
    await owner().tasks.create({ orgId: orgA, projectId: projectA, title: "Only for A" });
    expect(await deliveriesOf(theirs.id)).toHaveLength(0);
    expect(await deliveriesOf(mine.id)).toHaveLength(1);
    await runDueDeliveries(deps());
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook"]);
    // And B's member cannot read A's endpoint or its log.
    await expect(callerFor(t, ownerB).webhooks.deliveries({ orgId: orgA, endpointId: mine.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(callerFor(t, ownerB).webhooks.deliveries({ orgId: orgB, endpointId: mine.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await callerFor(t, ownerB).tasks.create({ orgId: orgB, projectId: projectB, title: "Only for B" });
    expect(await deliveriesOf(theirs.id)).toHaveLength(1);
  });
});

describe("delivery attempts", () => {
  it("500 then 200: the retry is scheduled with backoff and the second attempt succeeds", async () => {
    const { endpoint } = await registerEndpoint();
    await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    const [delivery] = await deliveriesOf(endpoint.id);
    receiver.reply(receiver.status(500, "temporarily broken"), receiver.status(200, "thanks"));
    const t0 = new Date();

    const first = await deliverWebhook(deps({ now: () => t0 }), delivery!.id);
    expect(first.status).toBe("retry");
    const retryAt = (first as { retryAt: Date }).retryAt;
    // random() = 0.5 → no jitter: exactly the first delay of the schedule.
    expect(retryAt.getTime() - t0.getTime()).toBe(RETRY_DELAYS_MS[0]);
    const failed = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(failed).toMatchObject({ status: "failed", attemptCount: 1, lastStatusCode: 500, responseSnippet: "temporarily broken", errorClass: "http_status" });
    expect(failed.nextAttemptAt?.getTime()).toBe(retryAt.getTime());

    // Not due yet: the driver takes nothing; once due it runs the second attempt.
    expect(await runDueDeliveries(deps({ now: () => t0 }))).toEqual([]);
    expect(await runDueDeliveries(deps({ now: () => new Date(retryAt.getTime() + 1) }))).toEqual([
      { id: delivery!.id, outcome: { status: "done" } },
    ]);
    const done = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(done).toMatchObject({ status: "succeeded", attemptCount: 2, lastStatusCode: 200, responseSnippet: "thanks", nextAttemptAt: null });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers["webhook-id"]).toBe(receiver.received[1]!.headers["webhook-id"]);
  });

  it("jitter keeps each delay within ±20 % of the schedule", async () => {
    const { retryDelayMs } = await import("../src/services/webhooks/deliver");
    expect(retryDelayMs(1, () => 0)).toBe(RETRY_DELAYS_MS[0] * 0.8);
    expect(retryDelayMs(9, () => 1)).toBe(RETRY_DELAYS_MS[8] * 1.2);
    const total = RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);
    expect(total / 3_600_000).toBeGreaterThan(72);
  });

  it("a redirect is a failure and is not followed", async () => {
    const { endpoint } = await registerEndpoint();
    const delivery = await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    receiver.reply(receiver.status(302, "", { location: receiver.url("/elsewhere") }));
    expect((await deliverWebhook(deps(), delivery.id)).status).toBe("retry");
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook"]);
    expect(await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "failed",
      lastStatusCode: 302,
      errorClass: "redirect",
    });
  });

  it("a receiver that never answers times out (short injected timeout)", async () => {
    const { endpoint } = await registerEndpoint();
    const delivery = await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    receiver.reply(receiver.hang());
    expect((await deliverWebhook(deps({ timeoutMs: 200 }), delivery.id)).status).toBe("retry");
    const row = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "failed", errorClass: "timeout", lastStatusCode: null });
    expect(row.latencyMs).toBeGreaterThanOrEqual(190);
  });

  it("keeps at most 1 KB of the answer, as text", async () => {
    const { endpoint } = await registerEndpoint();
    const delivery = await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    receiver.reply(receiver.status(200, "x".repeat(50_000)));
    expect((await deliverWebhook(deps(), delivery.id)).status).toBe("done");
    const row = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row.responseSnippet).toBe("x".repeat(1024));
  });

  it("a target that resolves to a private address at delivery is refused (ssrf_refused), nothing sent", async () => {
    const { endpoint } = await registerEndpoint();
    await t.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: "http://internal.example/hook" } });
    const delivery = await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    const resolver = async () => [{ address: "10.0.0.5", family: 4 }];
    expect((await deliverWebhook(deps({ resolver }), delivery.id)).status).toBe("retry");
    expect((await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).errorClass).toBe("ssrf_refused");
    expect(receiver.received).toHaveLength(0);
  });

  it("manual redelivery: a succeeded delivery goes again with the same event id", async () => {
    const { endpoint } = await registerEndpoint();
    const delivery = await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    await runDueDeliveries(deps());
    const again = await owner().webhooks.redeliver({ orgId: orgA, deliveryId: delivery.id });
    expect(again).toMatchObject({ status: "pending", attemptCount: 1 });
    await runDueDeliveries(deps());
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(receiver.received[0]!.headers["webhook-id"]);
    expect(await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "succeeded",
      attemptCount: 2,
    });
    await expect(callerFor(t, ownerB).webhooks.redeliver({ orgId: orgB, deliveryId: delivery.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("sustained failure: dead after the last attempt, endpoint disabled after 3 days, admins and owners mailed", async () => {
    const { endpoint } = await registerEndpoint();
    const delivery = await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    let now = new Date();
    const started = now;
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS + 1; attempt++) {
      receiver.reply(receiver.status(503, "down"));
      const outcome = await deliverWebhook(deps({ now: () => now }), delivery.id);
      outcomes.push(outcome.status);
      if (outcome.status !== "retry") break;
      now = outcome.retryAt;
    }
    // Every attempt failed; the 3-day mark falls before the schedule runs out, so the endpoint is
    // switched off then and the delivery dies with it.
    expect(outcomes.at(-1)).toBe("dead");
    expect(outcomes.filter((o) => o === "retry").length).toBeGreaterThanOrEqual(8);
    const row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.enabled).toBe(false);
    expect(row.disabledReason).toMatch(/3 days/);
    expect(row.disabledAt!.getTime() - started.getTime()).toBeGreaterThanOrEqual(DISABLE_AFTER_FAILING_MS);
    expect(await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "dead",
      nextAttemptAt: null,
    });

    const mails = await t.prisma.outboxEmail.findMany({ where: { orgId: orgA, subject: { contains: "disabled" } } });
    expect(mails.map((m) => m.to).sort()).toEqual(["admin@hooks-a.test", "owner@hooks-a.test"]);
    expect(mails[0]!.text).toContain(receiver.url("/hook"));
    expect(mails[0]!.text).toContain("http://app.test/app/organization/integrations");
    expect(await t.prisma.auditLog.count({ where: { action: "webhook.disabled", targetId: endpoint.id } })).toBe(1);

    // Disabled: new events are not queued for it; enabling again resets its failure state.
    await owner().tasks.create({ orgId: orgA, projectId: projectA, title: "While disabled" });
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
    const enabled = await owner().webhooks.update({ orgId: orgA, endpointId: endpoint.id, patch: { enabled: true } });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failureStreak: 0 });
  });

  it("the delivery log pages newest first with a cursor", async () => {
    const { endpoint } = await registerEndpoint();
    for (let i = 0; i < 3; i++) await owner().webhooks.sendTest({ orgId: orgA, endpointId: endpoint.id });
    const first = await owner().webhooks.deliveries({ orgId: orgA, endpointId: endpoint.id, limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await owner().webhooks.deliveries({ orgId: orgA, endpointId: endpoint.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((d) => d.id);
    expect(new Set(ids).size).toBe(3);
  });
});

describe("Slack", () => {
  it("connects a webhook URL and posts a readable Block Kit message naming the task, the actor and a link", async () => {
    const connection = await owner().slack.connect({
      orgId: orgA,
      url: receiver.url("/services/T000/B000/secretpart"),
      eventTypes: ["task.moved"],
    });
    expect(connection.urlHint).not.toContain("secretpart");
    const taskId = await createTask(t, orgA, projectA, "Write <copy> & ship", 4096);
    await owner().tasks.move({ orgId: orgA, taskId, expectedVersion: 1, status: "review", afterTaskId: null });
    await runDueDeliveries(deps());
    expect(receiver.received).toHaveLength(1);
    const message = JSON.parse(receiver.received[0]!.body) as { text: string; blocks: Record<string, unknown>[] };
    expect(message.text).toBe("owner moved task “Write <copy> & ship” to Review");
    expect(message.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "owner moved task “Write &lt;copy&gt; &amp; ship” to Review" },
    });
    expect(message.blocks.at(-1)).toEqual({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open in Agency OS" }, url: `http://app.test/app/tasks/${taskId}` }],
    });
    expect(receiver.received[0]!.headers["content-type"]).toBe("application/json");

    await owner().slack.sendTest({ orgId: orgA });
    await runDueDeliveries(deps());
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ text: expect.stringContaining("connected") });
    await expect(callerFor(t, ownerB).slack.get({ orgId: orgB })).resolves.toBeNull();
  });

  it("in production only https://hooks.slack.com/services/… is accepted", async () => {
    const production = { ...t.api.deps.integrations, production: true };
    const { connectSlack } = await import("../src/services/slack/slack");
    const attempt = (url: string) =>
      t.api.deps.db.tenant({ userId: usersA.owner, orgId: orgA }, ({ tx, sql }) =>
        connectSlack(
          { tx, sql, org: { id: orgA, role: "owner" }, actor: { userId: usersA.owner }, request: { requestId: "slack-prod", ip: null, userAgent: null } },
          production,
          { url, eventTypes: ["task.created"] },
        ),
      );
    await expect(attempt("https://example.com/services/T/B/X")).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await expect(attempt("https://hooks.slack.com/services/T000/B000/XXXX")).resolves.toMatchObject({ urlHint: "hooks.slack.com/…XXXX" });
  });
});
