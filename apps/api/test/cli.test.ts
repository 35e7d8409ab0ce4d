import { createPrismaClient, type PrismaClient } from "@agency/db";
import { createEmptyDatabase, createIsolatedDatabase, type IsolatedDatabase } from "@agency/db/testing";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadLetterQueueOf } from "../src/jobs/queues";
import { jobsOf, startRunner, testQueue } from "./helpers/jobs";

/** `pnpm agency …` as a child process against a test database: output and exit codes. */
const apiDir = fileURLToPath(new URL("..", import.meta.url));
const { PATH, HOME } = process.env;

let db: IsolatedDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createIsolatedDatabase();
  prisma = createPrismaClient({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

function agency(args: string[], options: { databaseUrl?: string; stdin?: string } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: apiDir,
    env: { PATH, HOME, DATABASE_URL: options.databaseUrl ?? db.url },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  child.stdin.end(options.stdin ?? "");
  return new Promise<{ code: number | null; stdout: string; stderr: string; json: () => Record<string, unknown> }>(
    (resolve) =>
      child.on("close", (code) =>
        resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> }),
      ),
  );
}

/** The newest folder of packages/db/prisma/migrations (what `migrate` reports as latest). */
function latestMigration() {
  const dir = fileURLToPath(new URL("../../../packages/db/prisma/migrations", import.meta.url));
  return readdirSync(dir)
    .filter((name) => /^\d+_/.test(name))
    .sort()
    .at(-1);
}

// Each command is a fresh Node process (tsx); a loaded machine makes that slow.
describe("pnpm agency", { timeout: 120_000 }, () => {
  it("--help lists every command and exits 0; an unknown command or missing option exits 2", async () => {
    const help = await agency(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["migrate", "status", "orgs", "users", "sessions", "jobs", "webhooks", "report"])
      expect(help.stdout).toContain(command);
    const unknown = await agency(["nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'nope'");
    const missing = await agency(["jobs", "retry"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--dead' not specified");
  });

  it("status exits 3 on a database with pending migrations; migrate applies them (job queue included); then status is ok", async () => {
    const empty = await createEmptyDatabase();
    try {
      const before = await agency(["status", "--json"], { databaseUrl: empty.url });
      expect(before.code).toBe(3);
      expect(before.json()).toMatchObject({ ok: false, jobQueue: { ok: false, schemaVersion: null } });
      const migrate = await agency(["migrate"], { databaseUrl: empty.url });
      expect(migrate.code, migrate.stderr).toBe(0);
      expect(migrate.stdout).toMatch(/Migrations applied: \d+, pending: 0, latest: /);
      expect(migrate.stdout).toContain(`latest: ${latestMigration()}`);
      const after = await agency(["status", "--json"], { databaseUrl: empty.url });
      expect(after.code).toBe(0);
      expect(after.json()).toMatchObject({ ok: true, migrations: { pending: 0, failed: 0 }, jobQueue: { ok: true } });
    } finally {
      await empty.drop();
    }
  });

  it("users create-admin creates a verified user (password from stdin) and the owner of a new organization; orgs list shows it", async () => {
    const created = await agency(
      [
        "users",
        "create-admin",
        "--email",
        "Boss@CLI.test",
        "--name",
        "Boss",
        "--org",
        "CLI Agency",
        "--password-stdin",
        "--json",
      ],
      {
        stdin: "a long enough passphrase 42\n",
      },
    );
    expect(created.code, created.stderr).toBe(0);
    const result = created.json() as { userId: string; org: { id: string }; password?: string };
    expect(result.password).toBeUndefined();
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "boss@cli.test" } });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await prisma.membership.findFirst({ where: { userId: user.id, orgId: result.org.id } })).toMatchObject({
      role: "owner",
    });

    const again = await agency(["users", "create-admin", "--email", "boss@cli.test"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    const badEmail = await agency(["users", "create-admin", "--email", "not-an-email"]);
    expect(badEmail.code).toBe(2);
    // Without --password-stdin a password is generated and printed once.
    const generated = await agency(["users", "create-admin", "--email", "second@cli.test", "--json"]);
    expect((generated.json() as { password: string }).password).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const orgs = await agency(["orgs", "list", "--json"]);
    expect(orgs.code).toBe(0);
    expect((orgs.json() as { organizations: unknown[] }).organizations).toContainEqual(
      expect.objectContaining({ id: result.org.id, name: "CLI Agency", members: 1 }),
    );
    const text = await agency(["orgs", "list"]);
    expect(text.stdout).toMatch(/CLI Agency\s+cli-agency-[0-9a-f]{6}\s+1/);
  });

  it("sessions revoke --user signs a user out everywhere (by email or id); an unknown user exits 1", async () => {
    const user = await prisma.user.create({ data: { email: "revoke@cli.test", name: "Revoke" } });
    const expiresAt = new Date(Date.now() + 3_600_000);
    await prisma.session.createMany({
      data: [
        { userId: user.id, expiresAt },
        { userId: user.id, expiresAt },
      ],
    });
    const byEmail = await agency(["sessions", "revoke", "--user", "REVOKE@cli.test"]);
    expect(byEmail.code).toBe(0);
    expect(byEmail.stdout).toContain("Revoked 2 session(s) of revoke@cli.test.");
    expect(await prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    const byId = await agency(["sessions", "revoke", "--user", user.id, "--json"]);
    expect(byId.json()).toMatchObject({ userId: user.id, revoked: 0 });
    const unknown = await agency(["sessions", "revoke", "--user", "ghost@cli.test"]);
    expect(unknown.code).toBe(1);
  });

  it("status lists queues with counts and dead jobs; jobs retry --dead moves them back to their queue", async () => {
    const queue = "test.cli-fails";
    const runner = await startRunner(db.url, [
      {
        definition: testQueue(queue),
        handler: async () => {
          throw new Error("cli test failure");
        },
      },
    ]);
    try {
      await runner.boss.send(queue, { n: 1 });
      await expect
        .poll(async () => (await jobsOf(prisma, deadLetterQueueOf(queue))).length, { timeout: 15_000 })
        .toBe(1);
    } finally {
      await runner.stop(5_000);
    }
    const status = await agency(["status", "--json"]);
    expect(status.code).toBe(0);
    const body = status.json() as {
      queues: { name: string; failed: number }[];
      dead: { queue: string; jobs: number }[];
      failedJobs: { queue: string; error: string }[];
    };
    expect(body.queues).toContainEqual(
      expect.objectContaining({ name: queue, failed: 1, deadLetter: deadLetterQueueOf(queue) }),
    );
    expect(body.dead).toContainEqual({ queue: deadLetterQueueOf(queue), jobs: 1 });
    expect(body.failedJobs[0]).toMatchObject({ queue, error: expect.stringContaining("cli test failure") });
    expect((await agency(["status"])).stdout).toContain("Dead-lettered jobs: 1");

    const retried = await agency(["jobs", "retry", "--dead", "--queue", queue, "--json"]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.json()).toMatchObject({ total: 1, retried: [{ queue, jobs: 1 }] });
    expect((await jobsOf(prisma, queue)).map((j) => j.state).sort()).toEqual(["created", "failed"]);
    expect(await jobsOf(prisma, deadLetterQueueOf(queue))).toEqual([]);
    const unknown = await agency(["jobs", "retry", "--dead", "--queue", "no.such.queue"]);
    expect(unknown.code).toBe(1);
  });

  it("webhooks redeliver: an endpoint's dead deliveries, or one delivery, get one more attempt through a webhook.deliver job", async () => {
    const org = await prisma.organization.create({ data: { name: "Hooks CLI", slug: "hooks-cli" } });
    const endpoint = (url: string) =>
      prisma.webhookEndpoint.create({
        data: { orgId: org.id, url, eventTypes: ["task.created"], secretCiphertext: "x", secretKeyId: "k1" },
      });
    const mine = await endpoint("https://hooks.example.com/a");
    const other = await endpoint("https://hooks.example.com/b");
    const delivery = (endpointId: string, status: "dead" | "succeeded" | "failed") =>
      prisma.webhookDelivery.create({
        data: {
          orgId: org.id,
          endpointId,
          eventId: randomUUID(),
          eventType: "task.created",
          payload: {},
          status,
          attemptCount: status === "dead" ? 10 : 1,
          nextAttemptAt: status === "failed" ? new Date(Date.now() + 3_600_000) : null,
        },
      });
    const dead1 = await delivery(mine.id, "dead");
    const dead2 = await delivery(mine.id, "dead");
    const succeeded = await delivery(mine.id, "succeeded");
    const failed = await delivery(mine.id, "failed");
    const otherDead = await delivery(other.id, "dead");
    const queued = async () =>
      (await jobsOf(prisma, "webhook.deliver")).map(
        (j) => j.data as { orgId: string; payload: { deliveryId: string } },
      );

    const byEndpoint = await agency(["webhooks", "redeliver", "--endpoint", mine.id, "--dead", "--json"]);
    expect(byEndpoint.code, byEndpoint.stderr).toBe(0);
    expect(byEndpoint.json()).toMatchObject({ total: 2 });
    expect((byEndpoint.json().redelivered as { id: string }[]).map((r) => r.id).sort()).toEqual(
      [dead1.id, dead2.id].sort(),
    );
    const rows = await prisma.webhookDelivery.findMany({ where: { endpointId: mine.id } });
    const statusOf = (id: string) => rows.find((r) => r.id === id)!.status;
    expect([statusOf(dead1.id), statusOf(dead2.id), statusOf(succeeded.id), statusOf(failed.id)]).toEqual([
      "pending",
      "pending",
      "succeeded",
      "failed",
    ]);
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: otherDead.id } })).status).toBe("dead");
    expect((await queued()).map((d) => d.payload.deliveryId).sort()).toEqual([dead1.id, dead2.id].sort());
    expect((await queued())[0]).toMatchObject({ orgId: org.id });
    expect(
      await prisma.auditLog.count({
        where: { action: "webhook.redelivered", orgId: org.id, metadata: { path: ["via"], equals: "cli" } },
      }),
    ).toBe(2);

    const one = await agency(["webhooks", "redeliver", "--delivery", succeeded.id]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain("Queued 1 delivery(ies)");
    const redone = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: succeeded.id } });
    expect(redone.status).toBe("pending");
    expect(redone.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await queued()).map((d) => d.payload.deliveryId)).toContain(succeeded.id);

    expect((await agency(["webhooks", "redeliver", "--delivery", randomUUID()])).code).toBe(1);
    expect((await agency(["webhooks", "redeliver", "--endpoint", mine.id])).code).toBe(2);
    expect((await agency(["webhooks", "redeliver"])).code).toBe(2);
  });

  it("report usage counts members, work items, storage and audited writes per organization", async () => {
    const owner = await prisma.user.create({ data: { email: "usage@cli.test", name: "Usage" } });
    const org = await prisma.organization.create({ data: { name: "Usage Agency", slug: "usage-agency" } });
    await prisma.membership.create({ data: { orgId: org.id, userId: owner.id, role: "owner" } });
    const client = await prisma.client.create({ data: { orgId: org.id, name: "C" } });
    const project = await prisma.project.create({ data: { orgId: org.id, clientId: client.id, name: "P" } });
    await prisma.task.createMany({
      data: [
        { orgId: org.id, projectId: project.id, title: "one", position: 1 },
        { orgId: org.id, projectId: project.id, title: "two", position: 2, deletedAt: new Date() },
      ],
    });
    await prisma.auditLog.create({
      data: { orgId: org.id, actorUserId: owner.id, action: "task.created", targetType: "task", targetId: project.id },
    });
    const report = await agency(["report", "usage", "--json"]);
    expect(report.code, report.stderr).toBe(0);
    const row = (report.json() as { organizations: Record<string, unknown>[] }).organizations.find(
      (o) => o.orgId === org.id,
    );
    expect(row).toMatchObject({
      members: 1,
      clients: 1,
      projects: 1,
      tasks: 1,
      trashedTasks: 1,
      comments: 0,
      writes: 1,
    });
    expect(row!.storageBytes).toBeGreaterThan(0);
  });
});
