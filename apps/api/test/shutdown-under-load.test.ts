import { createPrismaClient } from "@agency/db";
import { freePort } from "@agency/db/local-postgres";
import { createIsolatedDatabase, type IsolatedDatabase } from "@agency/db/testing";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * SIGTERM in the middle of a load of writes and reads, against the real process: every request
 * that reaches the API is finished or refused cleanly (503 in the envelope, with Retry-After),
 * every write it acknowledged is in the database, none it refused is, and the process exits 0
 * well within its drain time.
 */
const apiDir = fileURLToPath(new URL("..", import.meta.url));
const { PATH, HOME } = process.env;
const SECRET = "shutdown-load-secret-0123456789abcdefgh";
const DRAIN_MS = 10_000;
const WORKERS = 12;

let db: IsolatedDatabase;
let fixture: { orgId: string; projectId: string; sessionId: string };

beforeAll(async () => {
  db = await createIsolatedDatabase();
  const prisma = createPrismaClient({ connectionString: db.url, max: 1 });
  const user = await prisma.user.create({
    data: { email: "load@shutdown.test", name: "Load", emailVerifiedAt: new Date() },
  });
  const org = await prisma.organization.create({ data: { name: "Load", slug: "load" } });
  await prisma.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  const client = await prisma.client.create({ data: { orgId: org.id, name: "Client" } });
  const project = await prisma.project.create({ data: { orgId: org.id, clientId: client.id, name: "Project" } });
  const session = await prisma.session.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) },
  });
  await prisma.$disconnect();
  fixture = { orgId: org.id, projectId: project.id, sessionId: session.id };
});
afterAll(() => db.drop());

interface Answer {
  kind: "create" | "list";
  title?: string;
  status: number;
  body: string;
  retryAfter: string | null;
  /** Sent after the signal. */
  afterSignal: boolean;
  /** Answered after the signal: it was in flight (or arrived) during the drain. */
  answeredDuringDrain: boolean;
}

describe("graceful shutdown under load", () => {
  it("finishes or cleanly refuses every request, loses no acknowledged write, and exits 0 in time", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: apiDir,
      env: {
        PATH,
        HOME,
        DATABASE_URL: db.url,
        API_PORT: String(port),
        INTERNAL_API_SECRET: SECRET,
        RATE_LIMIT_SCALE: "1000",
        LOG_LEVEL: process.env.SHUTDOWN_TEST_LOG_LEVEL ?? "warn",
        SHUTDOWN_TIMEOUT_MS: String(DRAIN_MS),
        DATABASE_POOL_MAX: "4",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Warnings and errors (the drain's outcome among them) explain a failure.
    child.stdout!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(
        () =>
          fetch(`${base}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000, interval: 100 },
      )
      .toBe(200);

    const headers = {
      "content-type": "application/json",
      "x-internal-secret": SECRET,
      "x-agency-session": fixture.sessionId,
    };
    const answers: Answer[] = [];
    let signalled = false;
    let acknowledgedBeforeSignal = 0;
    let signal!: () => void;
    const enoughLoad = new Promise<void>((resolve) => (signal = resolve));

    const worker = async (index: number) => {
      // Until the server is gone: a refused connection ends the worker.
      for (let i = 0; ; i++) {
        const create = i % 3 !== 2;
        const title = `load ${index}-${i}-${randomUUID().slice(0, 8)}`;
        const afterSignal = signalled;
        try {
          const response = create
            ? await fetch(`${base}/trpc/tasks.create`, {
                method: "POST",
                headers,
                body: JSON.stringify({ orgId: fixture.orgId, projectId: fixture.projectId, title }),
              })
            : await fetch(
                `${base}/trpc/tasks.list?input=${encodeURIComponent(JSON.stringify({ orgId: fixture.orgId, limit: 20 }))}`,
                { headers },
              );
          const answer: Answer = {
            kind: create ? "create" : "list",
            title: create ? title : undefined,
            status: response.status,
            body: await response.text(),
            retryAfter: response.headers.get("retry-after"),
            afterSignal,
            answeredDuringDrain: signalled,
          };
          answers.push(answer);
          if (!afterSignal && answer.status === 200 && create && ++acknowledgedBeforeSignal >= 150) signal();
        } catch (error) {
          // Only once the signal was sent may the connection be refused or reset (it never reached the API).
          if (!signalled) throw error;
          if (create)
            answers.push({
              kind: "create",
              title,
              status: 0,
              body: String(error),
              retryAfter: null,
              afterSignal,
              answeredDuringDrain: true,
            });
          return;
        }
      }
    };
    const workers = Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
    await enoughLoad;
    const exited = once(child, "exit");
    signalled = true;
    const signalledAt = performance.now();
    child.kill("SIGTERM");
    const [code] = await exited;
    const drainMs = performance.now() - signalledAt;
    await workers;

    expect(code, stderr).toBe(0);
    expect(drainMs).toBeLessThan(DRAIN_MS);
    // Every answer is a success or a clean refusal: never a 5xx but 503, never a 503 without Retry-After.
    const answered = answers.filter((a) => a.status !== 0);
    expect(answered.filter((a) => a.status !== 200 && a.status !== 503).map((a) => `${a.status} ${a.body}`)).toEqual(
      [],
    );
    for (const refused of answered.filter((a) => a.status === 503)) {
      expect(refused.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "SERVICE_UNAVAILABLE" } });
    }
    // The signal came under load: requests were in flight and finished during the drain.
    expect(answered.filter((a) => a.answeredDuringDrain).length).toBeGreaterThan(0);

    // No acknowledged write is lost, and no refused one happened.
    const prisma = createPrismaClient({ connectionString: db.url, max: 1 });
    try {
      const stored = new Set((await prisma.task.findMany({ select: { title: true } })).map((t) => t.title));
      const creates = answers.filter((a) => a.kind === "create");
      const acknowledged = creates.filter((a) => a.status === 200);
      expect(acknowledged.length).toBeGreaterThanOrEqual(150);
      expect(acknowledged.filter((a) => !stored.has(a.title!)).map((a) => a.title)).toEqual([]);
      expect(creates.filter((a) => a.status === 503 && stored.has(a.title!)).map((a) => a.title)).toEqual([]);
    } finally {
      await prisma.$disconnect();
    }
  }, 120_000);
});
