import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { dbPackageDir, runPrismaCli } from "./prisma-cli";

/** Applies every pending migration folder with the real `prisma migrate deploy`. */
export async function migrateDeploy(databaseUrl: string, options: { cwd?: string } = {}): Promise<string> {
  const { stdout } = await runPrismaCli(["migrate", "deploy"], { databaseUrl, cwd: options.cwd, timeoutMs: 180_000 });
  return stdout;
}

// Prisma 6.19's WASM schema engine frees itself twice when `migrate dev` stops,
// after the migration folder has been written: the CLI then exits 1 with one of
// these. Only that exact situation is treated as success (see createMigration).
const ENGINE_DOUBLE_FREE = /null pointer passed to rust|RuntimeError: unreachable/;

/**
 * Turns the difference between the migration folders and schema.prisma into a
 * new migration folder (`prisma migrate dev --create-only`; a shadow database
 * is created and dropped on the same server). Returns the new folder's name.
 */
export async function createMigration(name: string, databaseUrl: string, options: { cwd?: string } = {}): Promise<string> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) throw new Error(`Migration name must be snake_case (a-z, 0-9, _): got "${name}"`);
  const migrationsDir = path.join(options.cwd ?? dbPackageDir, "prisma", "migrations");
  const before = new Set(readdirSync(migrationsDir));
  const created = () =>
    readdirSync(migrationsDir).find(
      (entry) => !before.has(entry) && entry.endsWith(`_${name}`) && existsSync(path.join(migrationsDir, entry, "migration.sql")),
    );
  try {
    await runPrismaCli(["migrate", "dev", "--create-only", "--skip-generate", "--name", name], {
      databaseUrl,
      cwd: options.cwd,
      timeoutMs: 180_000,
    });
  } catch (error) {
    if (!(ENGINE_DOUBLE_FREE.test((error as Error).message) && created())) throw error;
  }
  const folder = created();
  if (!folder) throw new Error(`prisma migrate dev reported success but created no "*_${name}" migration folder`);
  return folder;
}
