import { createDatabase, createPrismaClient, type Database, type PrismaClient } from "@agency/db";
import { freePort } from "@agency/db/local-postgres";
import { createIsolatedDatabase, type IsolatedDatabase } from "@agency/db/testing";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueEmail } from "../src/services/mail/outbox";
import { jobsOf } from "./helpers/jobs";

/**
 * The real worker process (`src/worker.ts`) on SIGTERM: it stops taking jobs, lets the one it holds
 * finish within the drain time, releases it back to the queue when the drain time runs out, and
 * exits 0 either way. The job is an email the worker sends to an SMTP server that answers only
 * when the test says so.
 */
const apiDir = fileURLToPath(new URL("..", import.meta.url));
const { PATH, HOME } = process.env;

let db: IsolatedDatabase;
let prisma: PrismaClient;
let database: Database;
let smtp: SMTPServer;
let smtpPort: number;
/** DATA received and not yet answered, by recipient; `accept()` answers it. */
const held: { to: string; accept: () => void }[] = [];
const accept = (to: string) =>
  held
    .splice(
      held.findIndex((h) => h.to === to),
      1,
    )[0]!
    .accept();

beforeAll(async () => {
  db = await createIsolatedDatabase();
  prisma = createPrismaClient({ connectionString: db.url, max: 2 });
  database = createDatabase({ connectionString: db.url, max: 2 });
  smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () =>
        held.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), accept: () => callback() }),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const h of held.splice(0)) h.accept();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await database.disconnect();
  await prisma.$disconnect();
  await db.drop();
});

function startWorker(drainMs: number, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
    cwd: apiDir,
    env: {
      PATH,
      HOME,
      DATABASE_URL: db.url,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      LOG_LEVEL: "info",
      WORKER_SHUTDOWN_TIMEOUT_MS: String(drainMs),
      DATABASE_POOL_MAX: "2",
      JOBS_POOL_MAX: "3",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return { child, lines, stderr: () => stderr };
}

async function enqueueMail(to: string) {
  const user = await prisma.user.create({ data: { email: to, name: "Worker test" } });
  await database.tenant({ userId: user.id }, ({ tx }) => enqueueEmail({ tx }, { to, subject: "Drain", text: "Body" }));
  return prisma.outboxEmail.findFirstOrThrow({ where: { to } });
}

async function exitOf(child: ChildProcess) {
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

describe("the worker process", { timeout: 90_000 }, () => {
  it("on SIGTERM stops taking jobs, finishes the one it holds within the drain time, and exits 0", async () => {
    const worker = startWorker(15_000);
    await expect.poll(() => worker.lines.some((l) => l.msg === "worker started"), { timeout: 30_000 }).toBe(true);
    const email = await enqueueMail("finish@worker.test");
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);

    const exited = exitOf(worker.child);
    worker.child.kill("SIGTERM");
    await expect.poll(() => worker.lines.some((l) => String(l.msg).startsWith("shutting down"))).toBe(true);
    // A job enqueued now is not taken by a worker that is draining.
    const late = await enqueueMail("late@worker.test");
    accept("finish@worker.test"); // the SMTP server accepts the mail the worker is sending

    expect(await exited, worker.stderr()).toBe(0);
    expect((await prisma.outboxEmail.findUniqueOrThrow({ where: { id: email.id } })).sentAt).not.toBeNull();
    const jobs = await jobsOf(prisma, "email.deliver");
    const stateOf = (emailId: string) =>
      jobs.find((j) => (j.data?.payload as { emailId: string }).emailId === emailId)?.state;
    expect(stateOf(email.id)).toBe("completed");
    expect(stateOf(late.id)).toBe("created");
    expect(worker.lines.some((l) => l.msg === "shutdown complete")).toBe(true);
  });

  it("releases a job still running when the drain time runs out (back to the queue for a retry) and exits 0", async () => {
    const worker = startWorker(1_500);
    await expect.poll(() => worker.lines.some((l) => l.msg === "worker started"), { timeout: 30_000 }).toBe(true);
    // The job of the first test's late mail is delivered first; wait until this one's send is held too.
    const email = await enqueueMail("release@worker.test");
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(2);
    accept("late@worker.test"); // the late mail from the first test goes through
    const started = Date.now();
    const exited = exitOf(worker.child);
    worker.child.kill("SIGTERM");
    expect(await exited, worker.stderr()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);

    const job = (await jobsOf(prisma, "email.deliver")).find(
      (j) => (j.data?.payload as { emailId: string }).emailId === email.id,
    );
    expect(job?.state).toBe("retry");
    expect((await prisma.outboxEmail.findUniqueOrThrow({ where: { id: email.id } })).sentAt).toBeNull();
  });

  it("refuses to start (exit 1, one line) while the job queue's schema is not the one its pg-boss expects", async () => {
    await prisma.$executeRaw`UPDATE pgboss.version SET version = version - 1`;
    try {
      const worker = startWorker(1_000);
      expect(await exitOf(worker.child)).toBe(1);
      expect(worker.stderr()).toMatch(/agency-worker: failed to start: .*pg-boss database requires migrations/);
    } finally {
      await prisma.$executeRaw`UPDATE pgboss.version SET version = version + 1`;
    }
  });

  it("with METRICS_PORT serves its metrics on loopback: job runs and queue depth per queue", async () => {
    const metricsPort = await freePort();
    const worker = startWorker(1_000, { METRICS_PORT: String(metricsPort) });
    try {
      await expect.poll(() => worker.lines.some((l) => l.msg === "worker started"), { timeout: 30_000 }).toBe(true);
      await enqueueMail("metrics@worker.test");
      // The previous test's released mail is retried too: let every held send through.
      await expect.poll(() => held.some((h) => h.to === "metrics@worker.test"), { timeout: 15_000 }).toBe(true);
      for (const h of held.splice(0)) h.accept();
      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(), { timeout: 15_000 })
        .toMatch(/agency_job_run_duration_seconds_count\{queue="email\.deliver",outcome="completed"\} [1-9]/);
      const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      for (const queue of ["email.deliver", "trash.purge", "webhook.deliver", "webhook.sweep"]) {
        expect(scrape).toContain(`agency_job_queue_depth{queue="${queue}",state="ready"}`);
      }
    } finally {
      const exited = exitOf(worker.child);
      worker.child.kill("SIGTERM");
      expect(await exited, worker.stderr()).toBe(0);
    }
  });
});
