import { runPrismaCli } from "./prisma-cli";

/** Applies every pending migration folder with the real `prisma migrate deploy`. */
export async function migrateDeploy(databaseUrl: string, options: { cwd?: string } = {}): Promise<string> {
  const { stdout } = await runPrismaCli(["migrate", "deploy"], { databaseUrl, cwd: options.cwd, timeoutMs: 180_000 });
  return stdout;
}

/**
 * Turns the difference between the migration folders and schema.prisma into a
 * new migration folder (`prisma migrate dev --create-only`; a shadow database
 * is created and dropped on the same server). Returns the CLI output.
 */
export async function createMigration(name: string, databaseUrl: string, options: { cwd?: string } = {}): Promise<string> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) throw new Error(`Migration name must be snake_case (a-z, 0-9, _): got "${name}"`);
  const { stdout } = await runPrismaCli(["migrate", "dev", "--create-only", "--skip-generate", "--name", name], {
    databaseUrl,
    cwd: options.cwd,
    timeoutMs: 180_000,
  });
  return stdout;
}
