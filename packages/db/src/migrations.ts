import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dbPackageDir, runPrismaCli } from "./prisma-cli";

export interface MigrationOptions {
  /** Folder holding prisma.config.ts and prisma/ (default: this package). Tests use a copy. */
  cwd?: string;
  timeoutMs?: number;
}

// What `prisma migrate deploy` prints when it has done its job. The CLI runs with
// WASM timers unref'd (src/prisma-cli-preload.cjs); requiring this line makes sure
// an early exit can never pass as a successful deploy.
const DEPLOY_DONE = /All migrations have been successfully applied|No pending migrations to apply/;

/**
 * Applies every pending migration folder with the real `prisma migrate deploy`
 * (JS schema engine over the driver adapter: no native engine). Resolves with
 * the CLI's output; rejects with it on failure or timeout.
 */
export async function migrateDeploy(databaseUrl: string, options: MigrationOptions = {}): Promise<string> {
  const { stdout, stderr } = await runPrismaCli(["migrate", "deploy"], {
    databaseUrl,
    cwd: options.cwd,
    timeoutMs: options.timeoutMs ?? 180_000,
  });
  if (!DEPLOY_DONE.test(stdout)) {
    throw new Error(`prisma migrate deploy exited without reporting success:\n${stdout}${stderr}`.trim());
  }
  return stdout;
}

/** Prisma's folder timestamp: UTC `YYYYMMDDHHMMSS`. */
function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

/**
 * Writes the difference between the migration folders and schema.prisma as a
 * new migration folder `<timestamp>_<name>/migration.sql` and returns the
 * folder's name. The SQL comes from `prisma migrate diff --from-migrations
 * --to-schema-datamodel --script`, which replays every migration on a
 * throwaway shadow database (created and dropped on the server at
 * `databaseUrl`; needs CREATEDB) — the same diff `migrate dev --create-only`
 * writes, without touching the database at `databaseUrl` itself. No schema
 * change gives an empty migration, ready for hand-written SQL (RLS policies,
 * grants, triggers).
 *
 * `migrate dev` itself is not used: in Prisma 6.19 its WASM engine crashes
 * while shutting down ("null pointer passed to rust") and can leave the
 * shadow database behind.
 */
export async function createMigration(
  name: string,
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<string> {
  if (!/^[a-z0-9_]{1,60}$/.test(name))
    throw new Error(`Migration name must be snake_case (a-z, 0-9, _): got "${name}"`);
  const { migrationsDir, schemaFile, cwd } = prismaPaths(options.cwd);
  const existing = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  // The diff goes to a temp file first: a failed run leaves no half-made folder behind.
  const scratch = mkdtempSync(path.join(tmpdir(), "agency-migration-"));
  try {
    const sqlFile = path.join(scratch, "migration.sql");
    await runPrismaCli(
      [
        "migrate",
        "diff",
        "--from-migrations",
        migrationsDir,
        "--to-schema-datamodel",
        schemaFile,
        "--script",
        "--output",
        sqlFile,
      ],
      { databaseUrl, cwd, timeoutMs: options.timeoutMs ?? 180_000 },
    );
    const sql = readFileSync(sqlFile, "utf8");
    const folder = `${nextTimestamp(existing)}_${name}`;
    mkdirSync(path.join(migrationsDir, folder));
    writeFileSync(path.join(migrationsDir, folder, "migration.sql"), sql);
    return folder;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Whether schema.prisma and the migration folders describe the same schema
 * (`prisma migrate diff --from-migrations --to-schema-datamodel --exit-code`,
 * on a shadow database at `databaseUrl`'s server). `summary` lists what
 * differs; a new model without a migration shows up here in CI.
 */
export async function checkSchemaDrift(
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<{ inSync: boolean; summary: string }> {
  const { migrationsDir, schemaFile, cwd } = prismaPaths(options.cwd);
  const { stdout, exitCode } = await runPrismaCli(
    ["migrate", "diff", "--from-migrations", migrationsDir, "--to-schema-datamodel", schemaFile, "--exit-code"],
    { databaseUrl, cwd, timeoutMs: options.timeoutMs ?? 180_000, okExitCodes: [2] },
  );
  return { inSync: exitCode === 0, summary: stdout.trim() };
}

function prismaPaths(cwd = dbPackageDir) {
  return {
    cwd,
    migrationsDir: path.join(cwd, "prisma", "migrations"),
    schemaFile: path.join(cwd, "prisma", "schema.prisma"),
  };
}

/** Now, or one second after the newest existing folder: folders must sort in the order they apply. */
function nextTimestamp(existingFolders: string[]): string {
  let candidate = migrationTimestamp(new Date());
  const latest = existingFolders
    .map((folder) => folder.slice(0, 14))
    .filter((ts) => /^\d{14}$/.test(ts))
    .at(-1);
  if (latest && candidate <= latest) {
    const y = Number(latest.slice(0, 4));
    const [mo, d, h, mi, s] = [4, 6, 8, 10, 12].map((i) => Number(latest.slice(i, i + 2))) as [
      number,
      number,
      number,
      number,
      number,
    ];
    candidate = migrationTimestamp(new Date(Date.UTC(y, mo - 1, d, h, mi, s + 1)));
  }
  return candidate;
}
