import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSchemaDrift, createMigration, migrateDeploy } from "../src/migrations";
import { dbPackageDir } from "../src/prisma-cli";
import { createEmptyDatabase, type IsolatedDatabase } from "../src/testing";

// The offline migration route (JS schema engine + patched adapter-pg, shadow
// database included) must keep working: a Prisma upgrade or a patch that
// breaks it fails here.

/** A copy of this package's prisma/ folder and config, to change freely. */
function copyPrismaProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "agency-prisma-copy-"));
  cpSync(path.join(dbPackageDir, "prisma"), path.join(dir, "prisma"), { recursive: true });
  cpSync(path.join(dbPackageDir, "prisma.config.ts"), path.join(dir, "prisma.config.ts"));
  symlinkSync(path.join(dbPackageDir, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

const migrationFolders = (dir: string) =>
  readdirSync(path.join(dir, "prisma", "migrations"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const shadowDatabases = async (adminUrl: string) =>
  (
    await query<{ datname: string }>(
      adminUrl,
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%' ORDER BY 1",
    )
  ).map((r) => r.datname);

let workDir: string;
let db: IsolatedDatabase;

beforeAll(async () => {
  workDir = copyPrismaProject();
  db = await createEmptyDatabase();
});
afterAll(async () => {
  await db?.drop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// Each case runs the Prisma CLI (WASM schema engine) two or three times, replaying every
// migration on a shadow database: tens of seconds on a busy 2-core machine.
describe("db:migrate:new on a scratch database", { timeout: 240_000 }, () => {
  it("the committed schema.prisma and migration folders agree (migrate diff --exit-code)", async () => {
    const drift = await checkSchemaDrift(db.url);
    expect(
      drift.inSync,
      `schema.prisma has changes no migration holds; run pnpm db:migrate:new:\n${drift.summary}`,
    ).toBe(true);
  });

  it("turns a schema change into a migration folder that migrate deploy applies", async () => {
    const shadowsBefore = await shadowDatabases(db.adminUrl);
    await migrateDeploy(db.url, { cwd: workDir });
    const before = migrationFolders(workDir);

    appendFileSync(
      path.join(workDir, "prisma", "schema.prisma"),
      `\nmodel ScratchNote {\n  id   String @id @default(uuid()) @db.Uuid\n  body String\n\n  @@map("scratch_notes")\n}\n`,
    );
    const drift = await checkSchemaDrift(db.url, { cwd: workDir });
    expect(drift).toMatchObject({ inSync: false, summary: expect.stringContaining("scratch_notes") });

    const folder = await createMigration("add_scratch_notes", db.url, { cwd: workDir });

    const created = migrationFolders(workDir).filter((n) => !before.includes(n));
    expect(created).toEqual([folder]);
    expect(folder).toMatch(/^\d{14}_add_scratch_notes$/);
    expect(folder > before.at(-1)!, "a new folder must sort after the existing ones").toBe(true);
    const sql = readFileSync(path.join(workDir, "prisma", "migrations", folder, "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "scratch_notes"');
    expect((await checkSchemaDrift(db.url, { cwd: workDir })).inSync).toBe(true);

    const output = await migrateDeploy(db.url, { cwd: workDir });
    expect(output).toContain(folder);
    const applied = await query<{ migration_name: string }>(
      db.url,
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
    );
    expect(applied.map((r) => r.migration_name)).toEqual([...before, folder]);
    const [table] = await query<{ exists: boolean }>(
      db.url,
      "SELECT to_regclass('public.scratch_notes') IS NOT NULL AS exists",
    );
    expect(table?.exists).toBe(true);
    // The shadow databases Prisma used were dropped again (compared with before: on a shared
    // TEST_DATABASE_URL server, a crashed run elsewhere may have left one behind).
    expect(await shadowDatabases(db.adminUrl)).toEqual(shadowsBefore);
  });

  it("with no schema change, creates an empty migration for hand-written SQL that deploys and diffs cleanly", async () => {
    const folder = await createMigration("custom_sql", db.url, { cwd: workDir });
    const sqlFile = path.join(workDir, "prisma", "migrations", folder, "migration.sql");
    expect(readFileSync(sqlFile, "utf8").replace(/--.*$/gm, "").trim()).toBe("");

    // Hand-written SQL Prisma does not model. A CHECK constraint makes the schema engine read
    // pg_constraint.contype ("char"), which panicked before the adapter-pg patch mapped it.
    writeFileSync(
      sqlFile,
      `ALTER TABLE "scratch_notes" ADD CONSTRAINT "scratch_notes_body_not_blank" CHECK (length(trim("body")) > 0);\n` +
        `DO $$ BEGIN RAISE NOTICE 'semicolons; inside a DO block'; END $$;\n`,
    );
    expect(await migrateDeploy(db.url, { cwd: workDir })).toContain(folder);
    const drift = await checkSchemaDrift(db.url, { cwd: workDir });
    expect(drift.inSync, drift.summary).toBe(true);
    await expect(
      query(db.url, "INSERT INTO scratch_notes (id, body) VALUES (gen_random_uuid(), '  ')"),
    ).rejects.toThrow(/scratch_notes_body_not_blank/);
  });

  it("rejects a name that is not snake_case, creating nothing", async () => {
    const before = migrationFolders(workDir);
    await expect(createMigration("Add Stuff", db.url, { cwd: workDir })).rejects.toThrow(/snake_case/);
    expect(migrationFolders(workDir)).toEqual(before);
  });
});
