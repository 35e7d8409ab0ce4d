import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import type { PrismaClient } from "./generated/prisma/client";
import { migrationsDir } from "./prisma-cli";

export interface MigrationStatus {
  applied: number;
  pending: number;
  failed: number;
  latest: string | null;
}

/** Migration folders shipped with this build, oldest first. */
export function migrationNames(dir = migrationsDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

type Queryable = Pick<PrismaClient, "$queryRawUnsafe"> | Pick<pg.Pool, "query">;

async function rowsOf<Row>(db: Queryable, text: string): Promise<Row[]> {
  return "$queryRawUnsafe" in db ? db.$queryRawUnsafe<Row[]>(text) : (await db.query(text)).rows as Row[];
}

/**
 * Compares the migration folders on disk with `_prisma_migrations` (absent table → nothing
 * applied), through Prisma or a plain pg pool (the API's readiness probe: no query engine).
 */
export async function getMigrationStatus(db: Queryable): Promise<MigrationStatus> {
  const expected = migrationNames();
  const [{ exists } = { exists: false }] = await rowsOf<{ exists: boolean }>(
    db,
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS "exists"`,
  );
  if (!exists) return { applied: 0, pending: expected.length, failed: 0, latest: null };
  const rows = await rowsOf<{ migration_name: string; finished: boolean; failed: boolean }>(
    db,
    `SELECT migration_name,
            finished_at IS NOT NULL AND rolled_back_at IS NULL AS finished,
            finished_at IS NULL AND rolled_back_at IS NULL AS failed
       FROM _prisma_migrations`,
  );
  const applied = new Set(rows.filter((r) => r.finished).map((r) => r.migration_name));
  return {
    applied: applied.size,
    pending: expected.filter((name) => !applied.has(name)).length,
    failed: rows.filter((r) => r.failed).length,
    latest: [...applied].sort().at(-1) ?? null,
  };
}

/**
 * The pg-boss schema version installed by the migrations (table pgboss.version), or null when the
 * job queue's schema is missing. The API's readiness probe compares it with its pinned pg-boss.
 */
export async function getJobQueueSchemaVersion(db: Queryable): Promise<number | null> {
  const [{ exists } = { exists: false }] = await rowsOf<{ exists: boolean }>(
    db,
    `SELECT to_regclass('pgboss.version') IS NOT NULL AS "exists"`,
  );
  if (!exists) return null;
  const [row] = await rowsOf<{ version: number }>(db, `SELECT max(version)::int AS version FROM pgboss.version`);
  return row?.version ?? null;
}
