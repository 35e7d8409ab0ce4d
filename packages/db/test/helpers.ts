import pg from "pg";
import { createPrismaClient } from "../src/client";
import { createDatabase } from "../src/database";
import { createIsolatedDatabase, type IsolatedDatabase } from "../src/testing";

/**
 * An isolated database with the boundary (`database`: tenant/maintenance transactions, as the
 * API uses it), an owner Prisma client for fixtures, and a raw pg pool, closed together.
 */
export async function openTestDatabase() {
  const db: IsolatedDatabase = await createIsolatedDatabase();
  const prisma = createPrismaClient({ connectionString: db.url, max: 3 });
  const pool = new pg.Pool({ connectionString: db.url, max: 3 });
  // pool.end() returns before its connections have closed, so drop() (WITH FORCE) can terminate
  // one that is still closing: the pool reports it here instead of as an uncaught exception.
  pool.on("error", () => {});
  const database = createDatabase({ connectionString: db.url, max: 3 });
  return {
    db,
    database,
    prisma,
    pool,
    async close() {
      await database.disconnect();
      await prisma.$disconnect();
      await pool.end();
      await db.drop();
    },
  };
}

/**
 * Two organizations, each with its own owner; the seed every tenant test
 * uses, so each suite can assert the other tenant is untouched.
 */
export async function seedTwoTenants(pool: pg.Pool) {
  const { rows } = await pool.query<{ a_org: string; b_org: string; a_user: string; b_user: string }>(`
    WITH a_user AS (INSERT INTO users (id, email, name, updated_at) VALUES (gen_random_uuid(), 'alice@a.test', 'Alice', now()) RETURNING id),
         b_user AS (INSERT INTO users (id, email, name, updated_at) VALUES (gen_random_uuid(), 'bob@b.test', 'Bob', now()) RETURNING id),
         a_org AS (INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'Agency A', 'agency-a', now()) RETURNING id),
         b_org AS (INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'Agency B', 'agency-b', now()) RETURNING id),
         m AS (
           INSERT INTO memberships (id, org_id, user_id, role, updated_at)
           SELECT gen_random_uuid(), (SELECT id FROM a_org), (SELECT id FROM a_user), 'owner'::membership_role, now()
           UNION ALL
           SELECT gen_random_uuid(), (SELECT id FROM b_org), (SELECT id FROM b_user), 'owner'::membership_role, now()
         )
    SELECT (SELECT id FROM a_org) AS a_org, (SELECT id FROM b_org) AS b_org,
           (SELECT id FROM a_user) AS a_user, (SELECT id FROM b_user) AS b_user`);
  const row = rows[0]!;
  return { a: { orgId: row.a_org, userId: row.a_user }, b: { orgId: row.b_org, userId: row.b_user } };
}
