import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigration, migrateDeploy } from "../src/migrations";
import { dbPackageDir } from "../src/prisma-cli";
import { createEmptyDatabase, type IsolatedDatabase } from "../src/testing";

// The offline migration route (JS schema engine + patched adapter-pg) must keep working:
// a Prisma upgrade or patch that breaks it fails here.
let workDir: string;
let db: IsolatedDatabase;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "agency-migrate-new-"));
  cpSync(path.join(dbPackageDir, "prisma"), path.join(workDir, "prisma"), { recursive: true });
  cpSync(path.join(dbPackageDir, "prisma.config.ts"), path.join(workDir, "prisma.config.ts"));
  symlinkSync(path.join(dbPackageDir, "node_modules"), path.join(workDir, "node_modules"));
  db = await createEmptyDatabase();
});
afterAll(async () => {
  await db.drop();
  rmSync(workDir, { recursive: true, force: true });
});

describe("db:migrate:new on a scratch database", () => {
  it("turns a schema change into a migration folder that migrate deploy applies", async () => {
    await migrateDeploy(db.url, { cwd: workDir });
    const before = readdirSync(path.join(workDir, "prisma", "migrations"));

    appendFileSync(
      path.join(workDir, "prisma", "schema.prisma"),
      `\nmodel ScratchNote {\n  id   String @id @default(uuid()) @db.Uuid\n  body String\n\n  @@map("scratch_notes")\n}\n`,
    );
    const folder = await createMigration("add_scratch_notes", db.url, { cwd: workDir });

    const created = readdirSync(path.join(workDir, "prisma", "migrations")).filter((n) => !before.includes(n));
    expect(created).toEqual([folder]);
    expect(created[0]).toMatch(/^\d{14}_add_scratch_notes$/);
    const sql = readFileSync(path.join(workDir, "prisma", "migrations", created[0]!, "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "scratch_notes"');

    await migrateDeploy(db.url, { cwd: workDir });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const applied = await client.query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name");
      expect(applied.rows.map((r) => r.migration_name)).toEqual([...before.filter((n) => n !== "migration_lock.toml"), created[0]].sort());
      const table = await client.query("SELECT to_regclass('public.scratch_notes') IS NOT NULL AS exists");
      expect(table.rows[0].exists).toBe(true);
      // The shadow database used by migrate dev was dropped again.
      const shadows = await client.query("SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'");
      expect(shadows.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it("the committed schema and migrations agree (no drift)", async () => {
    const check = await createEmptyDatabase();
    const scratch = mkdtempSync(path.join(tmpdir(), "agency-drift-"));
    try {
      await migrateDeploy(check.url);
      cpSync(path.join(dbPackageDir, "prisma"), path.join(scratch, "prisma"), { recursive: true });
      cpSync(path.join(dbPackageDir, "prisma.config.ts"), path.join(scratch, "prisma.config.ts"));
      symlinkSync(path.join(dbPackageDir, "node_modules"), path.join(scratch, "node_modules"));
      // Creating a migration from the committed schema must produce an empty one.
      const folder = await createMigration("drift_check", check.url, { cwd: scratch });
      const extraSql = readFileSync(path.join(scratch, "prisma", "migrations", folder, "migration.sql"), "utf8");
      expect(extraSql.replace(/--.*$/gm, "").trim(), `schema.prisma and the migrations differ:\n${extraSql}`).toBe("");
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      await check.drop();
    }
  });
});
