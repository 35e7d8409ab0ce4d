import { createDatabase, createPrismaClient, type Database, type PrismaClient } from "@agency/db";
import { createIsolatedDatabase, type IsolatedDatabase } from "@agency/db/testing";
import { apiEnvSchema } from "@agency/validators";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productionQueues } from "../src/jobs/handlers";
import { jobsOf, startRunner } from "./helpers/jobs";
import { purgeTrash } from "../src/services/purge/purge-trash";
import { createInvoice, createRetainer, issueInvoice } from "../src/billing/services";

// Straight against a migrated database through the boundary (the purge runs as app_maintenance,
// as in the API), without an API process: its hourly schedule must not race these tests for the
// advisory lock. `prisma` (the connecting role) writes the fixtures.
let db: IsolatedDatabase;
let prisma: PrismaClient;
let database: Database;

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

beforeAll(async () => {
  db = await createIsolatedDatabase();
  prisma = createPrismaClient({ connectionString: db.url, max: 6, applicationName: "purge-test" });
  database = createDatabase({ connectionString: db.url, max: 6, applicationName: "purge-test" });
});
afterAll(async () => {
  await database.disconnect();
  await prisma.$disconnect();
  await db.drop();
});

/** An org with one client → project → task → comment, each live unless told otherwise. */
async function seedOrg(name: string) {
  const org = await prisma.organization.create({
    data: { name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${crypto.randomUUID().slice(0, 8)}` },
  });
  const client = await prisma.client.create({ data: { orgId: org.id, name: `${name} client` } });
  const project = await prisma.project.create({
    data: { orgId: org.id, clientId: client.id, name: `${name} project` },
  });
  const task = await prisma.task.create({
    data: { orgId: org.id, projectId: project.id, title: `${name} task`, position: 1 },
  });
  const comment = await prisma.taskComment.create({
    data: { orgId: org.id, taskId: task.id, body: `${name} comment` },
  });
  return { orgId: org.id, clientId: client.id, projectId: project.id, taskId: task.id, commentId: comment.id };
}

const comments = (orgId: string, n: number, deletedAt: Date | null, taskId: string) =>
  prisma.taskComment.createMany({
    data: Array.from({ length: n }, (_, i) => ({ orgId, taskId, body: `c${i}`, deletedAt })),
  });

describe("trash purge", () => {
  it("deletes only rows trashed longer than the retention ago, children first, and audits each organization once", async () => {
    const a = await seedOrg("Purge A");
    const b = await seedOrg("Purge B");
    // A: an old trashed comment, task (with a live comment of its own) and project; a recently trashed comment stays.
    const oldComment = await prisma.taskComment.create({
      data: { orgId: a.orgId, taskId: a.taskId, body: "old", deletedAt: daysAgo(31) },
    });
    const recentComment = await prisma.taskComment.create({
      data: { orgId: a.orgId, taskId: a.taskId, body: "recent", deletedAt: daysAgo(29) },
    });
    const oldTask = await prisma.task.create({
      data: { orgId: a.orgId, projectId: a.projectId, title: "old", position: 2, deletedAt: daysAgo(40) },
    });
    const childOfOldTask = await prisma.taskComment.create({
      data: { orgId: a.orgId, taskId: oldTask.id, body: "goes with its task" },
    });
    const oldProject = await prisma.project.create({
      data: { orgId: a.orgId, clientId: a.clientId, name: "old", deletedAt: daysAgo(30.5) },
    });
    // B: an old trashed client; the rest of B is live.
    const oldClient = await prisma.client.create({ data: { orgId: b.orgId, name: "old", deletedAt: daysAgo(365) } });
    const liveB = await prisma.client.count({ where: { orgId: b.orgId } });

    const result = await purgeTrash(database, { retentionDays: 30 });
    expect(result).toMatchObject({
      ran: true,
      completed: true,
      totals: { comments: 1, tasks: 1, projects: 1, clients: 1 },
      byOrg: {
        [a.orgId]: { comments: 1, tasks: 1, projects: 1, clients: 0 },
        [b.orgId]: { comments: 0, tasks: 0, projects: 0, clients: 1 },
      },
    });

    expect(await prisma.taskComment.findUnique({ where: { id: oldComment.id } })).toBeNull();
    expect(await prisma.taskComment.findUnique({ where: { id: childOfOldTask.id } })).toBeNull();
    expect(await prisma.task.findUnique({ where: { id: oldTask.id } })).toBeNull();
    expect(await prisma.project.findUnique({ where: { id: oldProject.id } })).toBeNull();
    expect(await prisma.client.findUnique({ where: { id: oldClient.id } })).toBeNull();
    // Recently trashed and live rows stay, in both organizations.
    expect(await prisma.taskComment.findUnique({ where: { id: recentComment.id } })).not.toBeNull();
    for (const org of [a, b]) {
      expect(await prisma.taskComment.findUnique({ where: { id: org.commentId } })).not.toBeNull();
      expect(await prisma.task.findUnique({ where: { id: org.taskId } })).not.toBeNull();
      expect(await prisma.project.findUnique({ where: { id: org.projectId } })).not.toBeNull();
      expect(await prisma.client.findUnique({ where: { id: org.clientId } })).not.toBeNull();
    }
    expect(await prisma.client.count({ where: { orgId: b.orgId } })).toBe(liveB - 1);

    const audits = await prisma.auditLog.findMany({ where: { action: "trash.purged" }, orderBy: { id: "asc" } });
    expect(audits.map((entry) => [entry.orgId, entry.actorUserId, entry.targetType, entry.metadata]).sort()).toEqual(
      [
        [a.orgId, null, "organization", { retentionDays: 30, comments: 1, tasks: 1, projects: 1, clients: 0 }],
        [b.orgId, null, "organization", { retentionDays: 30, comments: 0, tasks: 0, projects: 0, clients: 1 }],
      ].sort(),
    );

    // Nothing left to purge: no rows, no audit entries.
    const again = await purgeTrash(database, { retentionDays: 30 });
    expect(again).toMatchObject({ ran: true, totals: { comments: 0, tasks: 0, projects: 0, clients: 0 } });
    expect(again.ran && again.byOrg).toEqual({});
    expect(await prisma.auditLog.count({ where: { action: "trash.purged" } })).toBe(2);
  });

  it("keeps a trashed client while any project of it remains (live or still restorable)", async () => {
    const org = await seedOrg("Kept client");
    const withLive = await prisma.client.create({
      data: { orgId: org.orgId, name: "with live project", deletedAt: daysAgo(60) },
    });
    const liveProject = await prisma.project.create({
      data: { orgId: org.orgId, clientId: withLive.id, name: "still live" },
    });
    const withRecent = await prisma.client.create({
      data: { orgId: org.orgId, name: "with recent trash", deletedAt: daysAgo(60) },
    });
    await prisma.project.create({
      data: { orgId: org.orgId, clientId: withRecent.id, name: "recent", deletedAt: daysAgo(2) },
    });
    const withOld = await prisma.client.create({
      data: { orgId: org.orgId, name: "with old trash", deletedAt: daysAgo(60) },
    });
    await prisma.project.create({
      data: { orgId: org.orgId, clientId: withOld.id, name: "old", deletedAt: daysAgo(45) },
    });

    const result = await purgeTrash(database, { retentionDays: 30 });
    expect(result.ran && result.byOrg[org.orgId]).toEqual({ comments: 0, tasks: 0, projects: 1, clients: 1 });
    expect(await prisma.client.findUnique({ where: { id: withOld.id } })).toBeNull();
    expect(await prisma.client.findUnique({ where: { id: withLive.id } })).not.toBeNull();
    expect(await prisma.project.findUnique({ where: { id: liveProject.id } })).not.toBeNull();
    expect(await prisma.client.findUnique({ where: { id: withRecent.id } })).not.toBeNull();
    expect(await prisma.project.count({ where: { clientId: withRecent.id } })).toBe(1);
  });

  it("keeps trashed clients and projects with billing history (invoices, retainers), purging their siblings", async () => {
    const org = await seedOrg("Billed");
    const scope = (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => ({ tx, org: { id: org.orgId }, actor: { userId: null }, request: null });
    const billed = await prisma.client.create({ data: { orgId: org.orgId, name: "billed" } });
    const billedProject = await prisma.project.create({ data: { orgId: org.orgId, clientId: billed.id, name: "billed work" } });
    const retained = await prisma.client.create({ data: { orgId: org.orgId, name: "retainer only" } });
    const plain = await prisma.client.create({ data: { orgId: org.orgId, name: "never billed", deletedAt: daysAgo(60) } });
    await prisma.$transaction(async (tx) => {
      const invoice = await createInvoice(scope(tx), {
        clientId: billed.id,
        currency: "USD",
        lines: [{ description: "Work", unitAmount: 1_000, projectId: billedProject.id }],
      });
      await issueInvoice(scope(tx), { invoiceId: invoice.id });
      await createRetainer(scope(tx), { clientId: retained.id, name: "Care", currency: "EUR", unitAmount: 500 });
    });
    await prisma.project.update({ where: { id: billedProject.id }, data: { deletedAt: daysAgo(60) } });
    await prisma.client.updateMany({ where: { id: { in: [billed.id, retained.id] } }, data: { deletedAt: daysAgo(60) } });

    const result = await purgeTrash(database, { retentionDays: 30 });
    expect(result.ran && result.byOrg[org.orgId]).toEqual({ comments: 0, tasks: 0, projects: 0, clients: 1 });
    expect(await prisma.client.findUnique({ where: { id: plain.id } })).toBeNull();
    expect(await prisma.client.findUnique({ where: { id: billed.id } })).not.toBeNull();
    expect(await prisma.client.findUnique({ where: { id: retained.id } })).not.toBeNull();
    expect(await prisma.project.findUnique({ where: { id: billedProject.id } })).not.toBeNull();
  });

  it("honours the retention setting", async () => {
    const org = await seedOrg("Retention");
    const trashed = await prisma.taskComment.create({
      data: { orgId: org.orgId, taskId: org.taskId, body: "8 days", deletedAt: daysAgo(8) },
    });
    await purgeTrash(database, { retentionDays: 10 });
    expect(await prisma.taskComment.findUnique({ where: { id: trashed.id } })).not.toBeNull();
    await purgeTrash(database, { retentionDays: 7 });
    expect(await prisma.taskComment.findUnique({ where: { id: trashed.id } })).toBeNull();
  });

  it("deletes board events older than 24 hours and keeps newer ones", async () => {
    const org = await seedOrg("Board");
    // The triggers logged the task and comment inserts; age some events.
    const events = await prisma.boardEvent.findMany({ where: { orgId: org.orgId }, orderBy: { id: "asc" } });
    expect(events.length).toBeGreaterThanOrEqual(2);
    const [old, ...recent] = events;
    await prisma.boardEvent.update({
      where: { id: old!.id },
      data: { createdAt: new Date(Date.now() - DAY - 60_000) },
    });
    const result = await purgeTrash(database, { retentionDays: 30 });
    expect(result).toMatchObject({ ran: true, totals: { boardEvents: 1 } });
    expect((await prisma.boardEvent.findMany({ where: { orgId: org.orgId } })).map((e) => e.id)).toEqual(
      recent.map((e) => e.id),
    );
  });

  it("deletes idempotency keys past their expiry and keeps live ones", async () => {
    const org = await seedOrg("Idempotency");
    const user = await prisma.user.create({ data: { email: `idem-${crypto.randomUUID()}@purge.test`, name: "Idem" } });
    const record = (key: string, expiresAt: Date) => ({
      orgId: org.orgId,
      actorId: user.id,
      key,
      procedure: "clients.create",
      fingerprint: "0".repeat(64),
      response: { id: key },
      createdAt: new Date(expiresAt.getTime() - DAY),
      expiresAt,
    });
    await prisma.idempotencyKey.createMany({
      data: [
        record("expired-long-ago", daysAgo(3)),
        record("just-expired", new Date(Date.now() - 60_000)),
        record("live", new Date(Date.now() + 60 * 60_000)),
      ],
    });
    const result = await purgeTrash(database, { retentionDays: 30 });
    expect(result).toMatchObject({ ran: true, totals: { idempotencyKeys: 2 } });
    const left = await prisma.idempotencyKey.findMany({ where: { orgId: org.orgId } });
    expect(left.map((r) => r.key)).toEqual(["live"]);
  });

  it("works in batches of the given size until the trash is empty", async () => {
    const org = await seedOrg("Batches");
    await comments(org.orgId, 5, daysAgo(31), org.taskId);
    await comments(org.orgId, 2, daysAgo(1), org.taskId);
    const batches: number[] = [];
    const result = await purgeTrash(database, {
      retentionDays: 30,
      batchSize: 2,
      onBatch: (table, deleted) => void (table === "comments" && batches.push(deleted)),
    });
    expect(batches).toEqual([2, 2, 1]);
    expect(result).toMatchObject({ ran: true, totals: { comments: 5 } });
    expect(await prisma.taskComment.count({ where: { orgId: org.orgId, deletedAt: { not: null } } })).toBe(2);
  });

  it("stops between batches when aborted, reporting and auditing what it deleted", async () => {
    const org = await seedOrg("Aborted");
    await comments(org.orgId, 6, daysAgo(31), org.taskId);
    const abort = new AbortController();
    const result = await purgeTrash(database, {
      retentionDays: 30,
      batchSize: 2,
      signal: abort.signal,
      onBatch: () => abort.abort(),
    });
    expect(result).toMatchObject({ ran: true, completed: false, totals: { comments: 2, tasks: 0 } });
    expect(await prisma.taskComment.count({ where: { orgId: org.orgId, deletedAt: { not: null } } })).toBe(4);
    const audit = await prisma.auditLog.findFirst({ where: { action: "trash.purged", orgId: org.orgId } });
    expect(audit?.metadata).toMatchObject({ comments: 2 });
    await purgeTrash(database, { retentionDays: 30 });
  });

  it("runs once at a time: a second run while the first holds the advisory lock does nothing", async () => {
    const org = await seedOrg("Locked");
    await comments(org.orgId, 4, daysAgo(31), org.taskId);
    let firstBatchDone!: () => void;
    const firstBatch = new Promise<void>((resolve) => (firstBatchDone = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = purgeTrash(database, {
      retentionDays: 30,
      batchSize: 2,
      onBatch: async (table) => {
        if (table !== "comments") return;
        firstBatchDone();
        await gate;
      },
    });
    await firstBatch;
    // The first run is mid-way (holding the lock): the second gives up at once, touching nothing.
    const second = await purgeTrash(database, { retentionDays: 30 });
    expect(second).toEqual({ ran: false, reason: "locked" });
    expect(await prisma.taskComment.count({ where: { orgId: org.orgId, deletedAt: { not: null } } })).toBe(2);
    release();
    await expect(first).resolves.toMatchObject({ ran: true, completed: true, totals: { comments: 4 } });
    // The lock ended with the first run's transaction.
    await expect(purgeTrash(database, { retentionDays: 30 })).resolves.toMatchObject({ ran: true });
  });

  it("refuses to run for a login role that may not become app_maintenance (it would delete nothing)", async () => {
    const org = await seedOrg("Bound");
    await comments(org.orgId, 1, daysAgo(31), org.taskId);
    // Roles are cluster-wide: a unique name, dropped at the end.
    const role = `purge_nobypass_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    await prisma.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN PASSWORD 'purge-test' NOSUPERUSER NOBYPASSRLS`);
    const url = new URL(db.url);
    url.username = role;
    url.password = "purge-test";
    const bound = createDatabase({ connectionString: url.toString(), max: 2, applicationName: "purge-test-bound" });
    try {
      await expect(purgeTrash(bound, { retentionDays: 30 })).rejects.toThrow(/permission denied to set role/);
    } finally {
      await bound.disconnect();
      await prisma.$executeRawUnsafe(`DROP ROLE ${role}`);
    }
    expect(await prisma.taskComment.count({ where: { orgId: org.orgId, deletedAt: { not: null } } })).toBe(1);
    await purgeTrash(database, { retentionDays: 30 });
  });

  it("runs as the worker's trash.purge job (what the hourly schedule enqueues)", async () => {
    const org = await seedOrg("Scheduled");
    await comments(org.orgId, 3, daysAgo(31), org.taskId);
    const queues = productionQueues({ db: database, retentionDays: 30 }).filter((q) => q.definition.name === "trash.purge");
    const runner = await startRunner(db.url, queues);
    try {
      const jobId = await runner.boss.send("trash.purge", {});
      await expect.poll(async () => (await jobsOf(prisma, "trash.purge")).find((j) => j.id === jobId)?.state, { timeout: 15_000 }).toBe(
        "completed",
      );
    } finally {
      await runner.stop(5_000);
    }
    expect(await prisma.taskComment.count({ where: { orgId: org.orgId, deletedAt: { not: null } } })).toBe(0);
    expect(runner.logs().find((l) => l.msg === "trash purged")).toMatchObject({ queue: "trash.purge", purged: { comments: 3 } });
  });

  it("reads TRASH_RETENTION_DAYS from the environment: default 30, whole days ≥ 1", () => {
    const base = { DATABASE_URL: "postgres://localhost/x" };
    expect(apiEnvSchema.parse(base).TRASH_RETENTION_DAYS).toBe(30);
    expect(apiEnvSchema.parse({ ...base, TRASH_RETENTION_DAYS: "7" }).TRASH_RETENTION_DAYS).toBe(7);
    for (const bad of ["0", "-1", "1.5", "soon"])
      expect(apiEnvSchema.safeParse({ ...base, TRASH_RETENTION_DAYS: bad }).success).toBe(false);
  });

  it("`pnpm db:purge` purges against DATABASE_URL and prints the counts", async () => {
    const org = await seedOrg("Command");
    await comments(org.orgId, 2, daysAgo(31), org.taskId);
    const apiDir = path.resolve(import.meta.dirname, "..");
    const { stdout } = await promisify(execFile)(
      path.join(apiDir, "node_modules", ".bin", "tsx"),
      ["scripts/purge-trash.ts"],
      {
        cwd: apiDir,
        env: { ...process.env, DATABASE_URL: db.url, TRASH_RETENTION_DAYS: "30" },
      },
    );
    expect(stdout).toMatch(
      /Purged \(in the trash > 30 days\): 2 comments, 0 tasks, 0 projects, 0 clients across 1 organizations; \d+ board events older than 24 h; \d+ expired idempotency keys\./,
    );
    expect(await prisma.taskComment.count({ where: { orgId: org.orgId, deletedAt: { not: null } } })).toBe(0);

    // A bad setting stops it with one line naming the variable and a failing exit code.
    const refused = await promisify(execFile)(
      path.join(apiDir, "node_modules", ".bin", "tsx"),
      ["scripts/purge-trash.ts"],
      {
        cwd: apiDir,
        env: { ...process.env, DATABASE_URL: db.url, TRASH_RETENTION_DAYS: "0" },
      },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/TRASH_RETENTION_DAYS/) });
  });
});
