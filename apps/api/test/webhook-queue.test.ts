import type { Role } from "@agency/validators";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { productionQueues } from "../src/jobs/handlers";
import { QUEUES, SCHEDULES } from "../src/jobs/queues";
import { createMetrics } from "../src/observability/metrics";
import { RETRY_DELAYS_MS } from "../src/services/webhooks/deliver";
import { SWEEP_OVERDUE_MS } from "../src/services/webhooks/due-deliveries";
import { callerFor } from "./helpers/callers";
import { createMemberPerRole, createProject, createTask, seedOrganization } from "./helpers/fixtures";
import { jobsOf, startRunner } from "./helpers/jobs";
import { startTestApi, type TestApi } from "./helpers/test-api";
import { startReceiver, type Receiver } from "./helpers/webhook-receiver";

/**
 * Webhook delivery through the job queue, against real PostgreSQL, a real pg-boss worker (the
 * engine `pnpm worker` runs, with the production handlers) and a local HTTP receiver: the job is
 * enqueued in the business transaction, delivered by the worker, a failure schedules the retry as
 * a new job at the handler's time, and the sweeper re-enqueues an orphaned due delivery.
 */
let t: TestApi;
let receiver: Receiver;
let orgA: string;
let usersA: Record<Role, string>;
let projectA: string;

beforeAll(async () => {
  t = await startTestApi({
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8", APP_URL: "http://app.test" },
    rateLimitOverrides: { write: { points: 10_000 }, read: { points: 10_000 } },
  });
  receiver = await startReceiver();
  orgA = await seedOrganization(t, "Queue Hooks");
  usersA = await createMemberPerRole(t, orgA, "queue-hooks.test");
  projectA = await createProject(t, orgA, "Website");
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});
afterEach(async () => {
  await t.prisma.webhookEndpoint.deleteMany({});
  await t.prisma.$executeRaw`DELETE FROM pgboss.job WHERE name LIKE 'webhook.%'`;
  receiver.received.length = 0;
});

const owner = () => callerFor(t, usersA.owner);
const deliverJobs = async () =>
  (await jobsOf(t.prisma, "webhook.deliver")).map((j) => ({
    ...j,
    deliveryId: (j.data as { payload?: { deliveryId?: string } } | null)?.payload?.deliveryId,
  }));

/** The worker's production webhook queues, with a fixed jitter; `metrics` counts outcomes. */
function startWorker(metrics = createMetrics()) {
  const { db, integrations } = t.api.deps;
  const queues = productionQueues({
    db,
    retentionDays: 30,
    webhooks: { box: integrations.box, policy: integrations.policy, appUrl: "http://app.test", random: () => 0.5 },
    metrics,
  }).filter((q) => q.definition.name.startsWith("webhook."));
  return startRunner(
    t.databaseUrl,
    queues.map((q) => ({ ...q, definition: { ...q.definition, pollingIntervalSeconds: 0.5 } })),
  );
}

describe("webhook.deliver", () => {
  it("a task change enqueues its delivery job in the same transaction; a rolled-back change leaves none", async () => {
    const { endpoint } = await owner().webhooks.create({
      orgId: orgA,
      url: receiver.url(),
      eventTypes: ["task.updated"],
    });
    const taskId = await createTask(t, orgA, projectA, "Draft", 1024);
    // A version conflict rolls the whole call back: no delivery row, no job.
    await expect(
      owner().tasks.update({ orgId: orgA, taskId, expectedVersion: 99, patch: { title: "Nope" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect(await deliverJobs()).toEqual([]);

    await owner().tasks.update({ orgId: orgA, taskId, expectedVersion: 1, patch: { title: "Final" } });
    const [delivery] = await t.prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    const jobs = await deliverJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: "created", deliveryId: delivery!.id });
    // The envelope the database stamped: the verified organization and the acting user.
    expect(jobs[0]!.data).toMatchObject({ orgId: orgA, actorId: usersA.owner });
  });

  it("a worker delivers the job to the receiver, signed; the outcome is counted", async () => {
    const { endpoint, secret } = await owner().webhooks.create({
      orgId: orgA,
      url: receiver.url(),
      eventTypes: ["task.created"],
    });
    const task = await owner().tasks.create({ orgId: orgA, projectId: projectA, title: "Ship it" });
    const metrics = createMetrics();
    const worker = await startWorker(metrics);
    try {
      await expect.poll(async () => (await deliverJobs())[0]?.state, { timeout: 15_000 }).toBe("completed");
    } finally {
      await worker.stop(5_000);
    }
    expect(receiver.received).toHaveLength(1);
    const payload = new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers);
    expect(payload).toMatchObject({ type: "task.created", data: { taskId: task.id } });
    expect(await t.prisma.webhookDelivery.findFirst({ where: { endpointId: endpoint.id } })).toMatchObject({
      status: "succeeded",
      attemptCount: 1,
    });
    expect(await metrics.registry.getSingleMetricAsString("agency_webhook_deliveries_total")).toContain(
      'agency_webhook_deliveries_total{outcome="success"} 1',
    );
  });

  it("a failing receiver: the attempt is recorded and the retry is a new job starting at the schedule's time", async () => {
    const { endpoint } = await owner().webhooks.create({
      orgId: orgA,
      url: receiver.url(),
      eventTypes: ["task.created"],
    });
    receiver.reply(receiver.status(503, "down"));
    await owner().tasks.create({ orgId: orgA, projectId: projectA, title: "Retry me" });
    const [delivery] = await t.prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    const metrics = createMetrics();
    const worker = await startWorker(metrics);
    try {
      await expect.poll(async () => (await deliverJobs()).length, { timeout: 15_000 }).toBe(2);
      await expect.poll(async () => (await deliverJobs())[0]?.state, { timeout: 15_000 }).toBe("completed");
    } finally {
      await worker.stop(5_000);
    }
    const failed = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(failed).toMatchObject({ status: "failed", attemptCount: 1, lastStatusCode: 503, errorClass: "http_status" });
    const [first, retry] = await deliverJobs();
    // random() = 0.5: exactly the first delay of the schedule after the attempt.
    expect(failed.nextAttemptAt!.getTime() - failed.lastAttemptAt!.getTime()).toBe(RETRY_DELAYS_MS[0]);
    expect(retry).toMatchObject({ state: "created", deliveryId: delivery!.id });
    expect(retry!.start_after.getTime()).toBe(failed.nextAttemptAt!.getTime());
    // The retry carries the organization and request id of the job that sent it.
    expect(retry!.data).toMatchObject({ orgId: orgA, requestId: (first!.data as { requestId: string }).requestId });
    expect(receiver.received).toHaveLength(1);
    expect(await metrics.registry.getSingleMetricAsString("agency_webhook_deliveries_total")).toContain(
      'agency_webhook_deliveries_total{outcome="http_error"} 1',
    );
  });
});

describe("webhook.sweep", () => {
  it("re-enqueues a delivery overdue by more than a minute whose job was lost; one just due is left to its job", async () => {
    const { endpoint } = await owner().webhooks.create({
      orgId: orgA,
      url: receiver.url(),
      eventTypes: ["task.created"],
    });
    await owner().tasks.create({ orgId: orgA, projectId: projectA, title: "Orphan" });
    await owner().tasks.create({ orgId: orgA, projectId: projectA, title: "Fresh" });
    const [orphan, fresh] = await t.prisma.webhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      orderBy: { createdAt: "asc" },
    });
    // The orphan's job is gone (a worker died before sending the retry) and its time long past.
    await t.prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = 'webhook.deliver'`;
    await t.prisma.webhookDelivery.update({
      where: { id: orphan!.id },
      data: { status: "failed", attemptCount: 1, nextAttemptAt: new Date(Date.now() - SWEEP_OVERDUE_MS - 5_000) },
    });
    await t.prisma.webhookDelivery.update({
      where: { id: fresh!.id },
      data: { nextAttemptAt: new Date(Date.now() + 3_600_000) },
    });

    const worker = await startRunner(
      t.databaseUrl,
      productionQueues({
        db: t.api.deps.db,
        retentionDays: 30,
        webhooks: {
          box: t.api.deps.integrations.box,
          policy: t.api.deps.integrations.policy,
          appUrl: "http://app.test",
        },
      })
        .filter((q) => q.definition.name === "webhook.sweep")
        .map((q) => ({ ...q, definition: { ...q.definition, pollingIntervalSeconds: 0.5 } })),
    );
    try {
      // What the per-minute schedule creates: one sweep job.
      await worker.boss.send("webhook.sweep", {});
      await expect
        .poll(async () => (await jobsOf(t.prisma, "webhook.sweep"))[0]?.state, { timeout: 15_000 })
        .toBe("completed");
    } finally {
      await worker.stop(5_000);
    }
    const jobs = await deliverJobs();
    expect(jobs.map((j) => j.deliveryId)).toEqual([orphan!.id]);
    expect(jobs[0]!.data).toMatchObject({ orgId: orgA });
    // Leased: the next sweep leaves it to this job unless that one is lost too.
    const leased = await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: orphan!.id } });
    expect(leased.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // Every worker registers the schedule: every minute, one sweep at a time.
    expect(SCHEDULES).toContainEqual({ queue: "webhook.sweep", cron: "* * * * *" });
    expect(QUEUES["webhook.sweep"].options.policy).toBe("singleton");
  });
});
