/**
 * Shared orchestration for `pnpm dev` and the E2E stack: get a database
 * (DATABASE_URL, or a real embedded PostgreSQL), migrate it with
 * `prisma migrate deploy`, seed it, and run child processes with prefixed output.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createPrismaClient } from "@agency/db";
import { startLocalPostgres } from "@agency/db/local-postgres";
import { migrateDeploy } from "@agency/db/migrations";
import { seedDemoData } from "@agency/db/seed";

export const repoRoot = new URL("..", import.meta.url).pathname;

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function provideDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url) return { url: options.url, embedded: false, stop: async () => {} };
  const pg = await startLocalPostgres(options.dataDir ? { dataDir: options.dataDir } : {});
  return { url: pg.url, embedded: true, stop: pg.stop };
}

export async function migrateAndSeed(url: string): Promise<void> {
  await migrateDeploy(url);
  const prisma = createPrismaClient({ connectionString: url, max: 2, applicationName: "agency-seed" });
  try {
    await seedDemoData(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

export function run(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => `[${name}] ${line}\n`)
      .join("");
  child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  return child;
}

/** Polls a URL until it answers 2xx, or fails after `timeoutMs` (each attempt has its own timeout). */
export async function waitForUrl(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms (${lastError})`);
}

/** Stops children (SIGTERM, then SIGKILL after a grace period) and runs cleanups once, on any exit path. */
export function onShutdown(children: () => ChildProcess[], cleanup: () => Promise<void>) {
  let done = false;
  const stop = async (code: number) => {
    if (done) return;
    done = true;
    const alive = children().filter((c) => c.exitCode === null && c.signalCode === null);
    for (const child of alive) child.kill("SIGTERM");
    await Promise.all(
      alive.map(
        (child) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              child.kill("SIGKILL");
              resolve();
            }, 10_000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    await cleanup().catch((error: Error) => console.error(`cleanup failed: ${error.message}`));
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // A parent killed outright (SIGKILL: a test runner or turbo ending a failed run) sends no signal:
  // the stack would outlive it and keep its ports. When we are re-parented, stop too.
  const parent = process.ppid;
  const orphanCheck = setInterval(() => {
    if (process.ppid !== parent) void stop(1);
  }, 1_000);
  orphanCheck.unref();
  return stop;
}
