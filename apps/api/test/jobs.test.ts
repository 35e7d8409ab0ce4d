import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBoss } from "../src/jobs/boss";
import { enqueue } from "../src/jobs/enqueue";
import type { ErrorReportContext, ErrorReporter } from "../src/observability/error-reporting";
import { APP_ENQUEUED_QUEUES, QUEUES, deadLetterQueueOf } from "../src/jobs/queues";
import type { JobContext } from "../src/jobs/runner";
import { PG_BOSS_SCHEMA_VERSION } from "../src/jobs/schema-version";
import { createLogger } from "../src/observability/logger";
import { createMetrics } from "../src/observability/metrics";
import { createUser, seedOrganization } from "./helpers/fixtures";
import { jobsOf, startRunner, testQueue } from "./helpers/jobs";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
let ownerId: string;
let orgId: string;
let otherOrgId: string;

beforeAll(async () => {
  t = await startTestApi();
  ownerId = await createUser(t, "jobs-owner@jobs.test");
  orgId = await seedOrganization(t, "Jobs Agency", [{ userId: ownerId, role: "owner" }]);
  otherOrgId = await seedOrganization(t, "Other Agency", []);
});
afterAll(async () => {
  await t.close();
});

const silent = createLogger({ level: "silent" });

describe("the job queue's schema", () => {
  it("is pg-boss's own, at the version the pinned pg-boss expects, without drift (a pg-boss upgrade without a migration fails here)", async () => {
    const boss = createBoss({ databaseUrl: t.databaseUrl, log: silent, role: "cli" });
    await boss.start(); // migrate: false — refuses any other schema version
    try {
      expect(await boss.schemaVersion()).toBe(PG_BOSS_SCHEMA_VERSION);
      const drift = await boss.detectSchemaDrift();
      expect(drift.ok, JSON.stringify(drift)).toBe(true);
      // Every queue services may enqueue into is allowlisted and exists, with its dead-letter queue.
      const allowed = await t.prisma.appJobQueue.findMany({ orderBy: { name: "asc" } });
      expect(allowed.map((q) => q.name)).toEqual([...APP_ENQUEUED_QUEUES].sort());
      for (const name of APP_ENQUEUED_QUEUES) {
        // As the migration created it (no worker has run yet): the options of queues.ts, so jobs
        // enqueued before the first worker starts get the same retries and expiry.
        const queue = await boss.getQueue(name);
        const { policy, retryLimit, retryDelay, retryBackoff, retryDelayMax, expireInSeconds } = QUEUES[name].options;
        expect(queue, name).toMatchObject({
          name,
          policy,
          retryLimit,
          retryDelay,
          retryBackoff,
          retryDelayMax,
          expireInSeconds,
          deadLetter: deadLetterQueueOf(name),
        });
      }
    } finally {
      await boss.stop();
    }
    expect(await t.api.deps.db.jobQueueSchemaVersion()).toBe(PG_BOSS_SCHEMA_VERSION);
  });

  it("/readyz answers 503 while the job queue's schema is not the version this build's pg-boss expects", async () => {
    const base = await t.listen();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await t.prisma.$executeRaw`UPDATE pgboss.version SET version = version - 1`;
    try {
      const response = await fetch(`${base}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: {
          code: "SERVICE_UNAVAILABLE",
          details: {
            checks: {
              jobQueue: { ok: false, schemaVersion: PG_BOSS_SCHEMA_VERSION - 1, expected: PG_BOSS_SCHEMA_VERSION },
            },
          },
        },
      });
    } finally {
      await t.prisma.$executeRaw`UPDATE pgboss.version SET version = version + 1`;
    }
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it("gives app_user no right on pg-boss's schema, and app_jobs none on tenant tables", async () => {
    const [rights] = await t.prisma.$queryRaw<{ user_usage: boolean; jobs_tasks: boolean; jobs_bypass: boolean }[]>`
      SELECT has_schema_privilege('app_user', 'pgboss', 'USAGE') AS user_usage,
             has_table_privilege('app_jobs', 'public.tasks', 'SELECT') AS jobs_tasks,
             (SELECT rolbypassrls FROM pg_roles WHERE rolname = 'app_jobs') AS jobs_bypass`;
    expect(rights).toEqual({ user_usage: false, jobs_tasks: false, jobs_bypass: false });
    await expect(
      t.api.deps.db.tenant({ userId: ownerId, orgId }, ({ tx }) => tx.$queryRaw`SELECT count(*) FROM pgboss.job`),
    ).rejects.toThrow(/permission denied for schema pgboss/);
  });
});

describe("transactional enqueue (app_enqueue_job)", () => {
  it("a job enqueued in a tenant transaction is fetched and completed by a real pg-boss worker, with the verified org, actor and request id", async () => {
    const emailId = randomUUID();
    const jobId = await t.api.deps.db.tenant({ userId: ownerId, orgId }, ({ tx }) =>
      enqueue({ tx, request: { requestId: "req-enqueue-01" } }, "email.deliver", { emailId }),
    );
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);

    const seen: JobContext<{ emailId: string }>[] = [];
    const runner = await startRunner(t.databaseUrl, [
      {
        definition: QUEUES["email.deliver"],
        handler: async (job: JobContext<{ emailId: string }>) => {
          seen.push(job);
          job.log.info("handled");
        },
      },
    ]);
    try {
      await expect
        .poll(async () => (await jobsOf(t.prisma, "email.deliver")).find((j) => j.id === jobId)?.state)
        .toBe("completed");
    } finally {
      await runner.stop(5_000);
    }
    expect(
      seen.map((j) => ({ id: j.id, payload: j.payload, orgId: j.orgId, actorId: j.actorId, requestId: j.requestId })),
    ).toEqual([{ id: jobId, payload: { emailId }, orgId, actorId: ownerId, requestId: "req-enqueue-01" }]);
    // The worker's lines carry the job, its organization and the request that enqueued it.
    expect(runner.logs().find((l) => l.msg === "handled")).toMatchObject({
      jobId,
      orgId,
      requestId: "req-enqueue-01",
      queue: "email.deliver",
    });
  });

  it("a rolled-back transaction leaves no job", async () => {
    const emailId = randomUUID();
    await expect(
      t.api.deps.db.tenant({ userId: ownerId, orgId }, async ({ tx }) => {
        await enqueue({ tx }, "email.deliver", { emailId });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const jobs = await jobsOf(t.prisma, "email.deliver");
    expect(jobs.filter((j) => (j.data?.payload as { emailId?: string } | undefined)?.emailId === emailId)).toEqual([]);
  });

  it("stamps only the org the boundary verified: a forged app.org_id (not a member) is stamped as none", async () => {
    const jobId = await t.api.deps.db.tenant({ userId: ownerId }, async ({ tx }) => {
      await tx.$executeRaw`SELECT set_config('app.org_id', ${otherOrgId}, true)`;
      return enqueue({ tx }, "email.deliver", { emailId: randomUUID() });
    });
    const job = (await jobsOf(t.prisma, "email.deliver")).find((j) => j.id === jobId);
    expect(job?.data).toMatchObject({ orgId: null, actorId: ownerId });
  });

  it("refuses queues outside the allowlist, payloads that are not objects, and oversized ones", async () => {
    const call = (sql: (tx: Parameters<Parameters<typeof t.api.deps.db.tenant>[1]>[0]["tx"]) => Promise<unknown>) =>
      t.api.deps.db.tenant({ userId: ownerId, orgId }, ({ tx }) => sql(tx));
    await expect(call((tx) => tx.$queryRaw`SELECT app_enqueue_job('trash.purge', '{}'::jsonb)`)).rejects.toThrow(
      /not on the allowlist/,
    );
    await expect(call((tx) => tx.$queryRaw`SELECT app_enqueue_job('email.deliver.dead', '{}'::jsonb)`)).rejects.toThrow(
      /not on the allowlist/,
    );
    await expect(call((tx) => tx.$queryRaw`SELECT app_enqueue_job('email.deliver', '[1]'::jsonb)`)).rejects.toThrow(
      /JSON object/,
    );
    const big = JSON.stringify({ blob: "x".repeat(70_000) });
    await expect(call((tx) => tx.$queryRaw`SELECT app_enqueue_job('email.deliver', ${big}::jsonb)`)).rejects.toThrow(
      /64 KiB/,
    );
  });
});

describe("the worker engine", () => {
  it("retries a failing job with exponential backoff, then moves it to the dead-letter queue and reports that last failure", async () => {
    const queue = "test.always-fails";
    const attempts: number[] = [];
    const reported: { error: unknown; where: ErrorReportContext }[] = [];
    const errors: ErrorReporter = { report: (error, where) => void reported.push({ error, where }), close: async () => {} };
    const runner = await startRunner(
      t.databaseUrl,
      [
        {
          definition: testQueue(queue, { retryLimit: 2, retryDelay: 1, retryBackoff: true }),
          handler: async () => {
            attempts.push(Date.now());
            throw new Error("always fails");
          },
        },
      ],
      { errors },
    );
    try {
      const jobId = await runner.boss.send(queue, { n: 1 });
      await expect
        .poll(async () => (await jobsOf(t.prisma, deadLetterQueueOf(queue))).length, { timeout: 20_000 })
        .toBe(1);
      const [dead] = await jobsOf(t.prisma, deadLetterQueueOf(queue));
      expect(dead).toMatchObject({ source_id: jobId, state: "created", data: { n: 1 } });
      const [original] = await jobsOf(t.prisma, queue);
      expect(original).toMatchObject({ id: jobId, state: "failed", retry_count: 2 });
    } finally {
      await runner.stop(5_000);
    }
    // 1 + retryLimit attempts; delays retryDelay × 2^n / 2 … × 2^n (jitter): ≥ 1 s, then ≥ 2 s.
    expect(attempts).toHaveLength(3);
    // Only the attempt that dead-letters the job reaches the error service, named by its queue.
    expect(reported).toHaveLength(1);
    expect(reported[0]!.where).toEqual({ procedure: `job:${queue}`, orgId: undefined, requestId: undefined });
    expect((reported[0]!.error as Error).message).toBe("always fails");
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(900);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(1_900);
  });

  it("two workers never run one job twice", async () => {
    const queue = "test.many";
    const handled: string[] = [];
    const handler = async (job: JobContext<{ n: number }>) => {
      handled.push(job.id);
    };
    const first = await startRunner(t.databaseUrl, [{ definition: testQueue(queue, {}, 4), handler }]);
    const second = await startRunner(t.databaseUrl, [{ definition: testQueue(queue, {}, 4), handler }]);
    try {
      const ids = await Promise.all(Array.from({ length: 40 }, (_, n) => first.boss.send(queue, { n })));
      await expect.poll(() => handled.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(40);
      await expect.poll(async () => (await jobsOf(t.prisma, queue)).every((j) => j.state === "completed")).toBe(true);
      expect(new Set(handled).size).toBe(40);
      expect(handled).toHaveLength(40);
      expect([...handled].sort()).toEqual([...ids].sort());
    } finally {
      await Promise.all([first.stop(5_000), second.stop(5_000)]);
    }
  });

  it("a cron schedule registered by two workers is one schedule; its jobs run one at a time (singleton policy), each exactly once", async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const handler = async () => {
      runs += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
    };
    const queues = [{ definition: QUEUES["trash.purge"], handler }];
    // Every minute: the pass each worker runs at start finds the latest minute due.
    const schedules = [{ queue: "trash.purge", cron: "* * * * *" }];
    const first = await startRunner(t.databaseUrl, queues, { schedules });
    const second = await startRunner(t.databaseUrl, queues, { schedules });
    const purgeJobs = () =>
      t.prisma.$queryRaw<{ state: string; slot: Date | null }[]>`
        SELECT state::text, singleton_on AS slot FROM pgboss.job WHERE name = 'trash.purge' ORDER BY created_on`;
    try {
      await expect
        .poll(
          async () => {
            const jobs = await purgeJobs();
            return jobs.length > 0 && jobs.every((j) => j.state === "completed");
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      const schedulesInDb = await t.prisma.$queryRaw<
        { name: string; cron: string }[]
      >`SELECT name, cron FROM pgboss.schedule`;
      expect(schedulesInDb).toEqual([{ name: "trash.purge", cron: "* * * * *" }]);
      expect((await first.boss.getQueue("trash.purge"))?.policy).toBe("singleton");
    } finally {
      await Promise.all([first.stop(5_000), second.stop(5_000)]);
    }
    // Never two purges at once (the singleton policy), each job ran exactly once, and the schedule is
    // one row. Not asserted: one job per occurrence — two workers' cron passes were seen (once, in a
    // clean-clone CI run) to file one minute's occurrence twice, so scheduled handlers are idempotent
    // (README "Jobs").
    const jobs = await purgeJobs();
    expect(jobs.length).toBeGreaterThan(0);
    expect(runs).toBe(jobs.filter((j) => j.state === "completed").length);
    expect(maxActive).toBe(1);
  });

  it("observed: each run is timed and a failure counted in the worker's metrics; queue depth is read from pg-boss at scrape", async () => {
    const metrics = createMetrics();
    const queue = "test.observed";
    const runner = await startRunner(
      t.databaseUrl,
      [
        {
          definition: testQueue(queue),
          handler: async (job: JobContext<{ fail: boolean }>) => {
            if (job.payload.fail) throw new Error("observed failure");
          },
        },
      ],
      { metrics },
    );
    try {
      await runner.boss.send(queue, { fail: false });
      await runner.boss.send(queue, { fail: true });
      // A third waits an hour: deferred in the depth gauge.
      await runner.boss.send(queue, { fail: false }, { startAfter: 3600 });
      await expect
        .poll(async () => (await jobsOf(t.prisma, queue)).map((j) => j.state).sort(), { timeout: 15_000 })
        .toEqual(["completed", "created", "failed"]);
      const scrape = await metrics.registry.metrics();
      expect(scrape).toContain(`agency_job_run_duration_seconds_count{queue="${queue}",outcome="completed"} 1`);
      expect(scrape).toContain(`agency_job_run_duration_seconds_count{queue="${queue}",outcome="failed"} 1`);
      expect(scrape).toContain(`agency_job_failures_total{queue="${queue}",final="true"} 1`);
      expect(scrape).toMatch(
        new RegExp(`agency_job_queue_depth\\{queue="${queue.replace(".", "\\.")}",state="(deferred|ready)"\\} \\d`),
      );
    } finally {
      await runner.stop(5_000);
    }
  });
});
