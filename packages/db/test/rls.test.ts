import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { openTestDatabase, seedTwoTenants } from "./helpers";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let tenants: Awaited<ReturnType<typeof seedTwoTenants>>;

beforeAll(async () => {
  t = await openTestDatabase();
  tenants = await seedTwoTenants(t.pool);
});
afterAll(() => t.close());

/** Runs `fn` on one connection as app_user with the given settings, always rolled back. */
async function asAppUser<T>(scope: { orgId?: string; userId?: string }, fn: (c: pg.PoolClient) => Promise<T>) {
  const client = await t.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL ROLE app_user");
    await client.query("SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)", [
      scope.orgId ?? "",
      scope.userId ?? "",
    ]);
    return await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

/**
 * Tables with RLS enabled but deliberately NOT forced, and why. Every other table in schema public
 * (except Prisma's own _prisma_migrations) must have RLS enabled and forced.
 */
const ENABLED_NOT_FORCED: Record<string, string> = {
  // app_current_org_id() is SECURITY DEFINER and runs as the table owner: it must read memberships
  // unfiltered, because the memberships policies call it (forced RLS would recurse). app_user is
  // still bound by the policies (see the init migration).
  memberships: "app_current_org_id() (SECURITY DEFINER, owner) reads it unfiltered",
};

interface CatalogTable {
  name: string;
  rls: boolean;
  forced: boolean;
  policies: number;
}

/** Every ordinary or partitioned table in schema public, straight from the catalog. */
async function publicTables(): Promise<CatalogTable[]> {
  const { rows } = await t.pool.query<CatalogTable>(`
    SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
           (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     ORDER BY c.relname`);
  return rows;
}

/**
 * Views app_user may read although RLS cannot apply to a view: each one's only condition keeps
 * the rows of the transaction's verified organization (app_current_org_id), like the policies.
 */
const ORG_FILTERED_VIEWS: Record<string, string> = {
  tasks_search: "search with trigram indexes: RLS on tasks forbids them for ILIKE (migration …_task_search_view)",
  projects_search: "task search by project name, trigram-indexed (migration …_invitation_preview_labels_search)",
  clients_search: "task search by client name, trigram-indexed (migration …_invitation_preview_labels_search)",
};

describe("row-level security as app_user (API checks bypassed)", () => {
  it("app_user cannot bypass RLS", async () => {
    const role = await t.pool.query("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'app_user'");
    expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
  });

  it("RLS is enabled and forced, with at least one policy, on every table in schema public", async () => {
    const tables = (await publicTables()).filter((table) => table.name !== "_prisma_migrations");
    // Guards the catalog query itself: the schema has (at least) the tables of the init migration.
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(["users", "organizations", "memberships"]),
    );
    const wrong = tables.flatMap((table) => {
      const problems: string[] = [];
      if (!table.rls) problems.push("RLS not enabled");
      const forcedExpected = !(table.name in ENABLED_NOT_FORCED);
      if (table.forced !== forcedExpected)
        problems.push(forcedExpected ? "RLS not forced" : "RLS forced (listed as enabled-not-forced)");
      if (table.policies === 0) problems.push("no policy");
      return problems.length ? [`${table.name}: ${problems.join(", ")}`] : [];
    });
    expect(wrong, "tables whose row-level security is missing or weaker than required").toEqual([]);
    // The exception list names only tables that exist, so it cannot outlive a dropped table.
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(Object.keys(ENABLED_NOT_FORCED)));
  });

  it("app_user has no privileges on any relation in schema public without RLS", async () => {
    // Views and materialized views cannot carry RLS of their own: granting one to app_user would
    // hand it the owner's view of the rows, so they count as "without RLS" too (security_invoker
    // views run as the caller and are allowed). The exceptions below guard themselves: each
    // keeps only the verified organization's rows (checked after the query).
    const { rows } = await t.pool.query<{ name: string; kind: string }>(`
      SELECT c.relname AS name, c.relkind::text AS kind
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public'
         AND (   (c.relkind IN ('r', 'p', 'f') AND NOT c.relrowsecurity)
              OR c.relkind = 'm'
              OR (c.relkind = 'v' AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)))
         AND (   has_table_privilege('app_user', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
              OR has_any_column_privilege('app_user', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
       ORDER BY c.relname`);
    const unexpected = rows.filter((row) => !(row.kind === "v" && row.name in ORG_FILTERED_VIEWS));
    expect(unexpected, "relations app_user can reach although row-level security does not guard them").toEqual([]);
    for (const view of Object.keys(ORG_FILTERED_VIEWS)) {
      const { rows: defs } = await t.pool.query<{ def: string }>("SELECT pg_get_viewdef($1::regclass) AS def", [view]);
      expect(defs[0]?.def, `${view} must keep only the verified organization's rows`).toMatch(
        /WHERE \(+([a-z]\.)?org_id = \(\s*SELECT app_current_org_id\(\) AS app_current_org_id\)\)+;?\s*$/,
      );
    }
    // _prisma_migrations is the one table without RLS: the query above must have seen it.
    const unguarded = await t.pool.query(
      "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = '_prisma_migrations' AND NOT c.relrowsecurity",
    );
    expect(unguarded.rowCount).toBe(1);
  });

  it("tasks_search shows only the verified organization's tasks; a forged organization sees none", async () => {
    // One task in each organization, written with the owner's rights.
    for (const [tenant, title] of [
      [tenants.a, "Alpha landing page"],
      [tenants.b, "Bravo landing page"],
    ] as const) {
      await t.pool.query(
        `WITH c AS (INSERT INTO clients (id, org_id, name, updated_at) VALUES (gen_random_uuid(), $1, 'C', now()) RETURNING id),
              p AS (INSERT INTO projects (id, org_id, client_id, name, updated_at) SELECT gen_random_uuid(), $1, c.id, 'P', now() FROM c RETURNING id)
         INSERT INTO tasks (id, org_id, project_id, title, position, updated_at) SELECT gen_random_uuid(), $1, p.id, $2, 1, now() FROM p`,
        [tenant.orgId, title],
      );
    }
    const search = (c: pg.PoolClient) =>
      c.query<{ title: string }>("SELECT title FROM tasks_search WHERE title ILIKE '%landing page%' ORDER BY title");
    await asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, async (c) => {
      expect((await search(c)).rows.map((r) => r.title)).toEqual(["Alpha landing page"]);
    });
    // A's user with B's organization set by hand (no membership): nothing.
    await asAppUser({ orgId: tenants.b.orgId, userId: tenants.a.userId }, async (c) => {
      expect((await search(c)).rows).toEqual([]);
    });
    await asAppUser({}, async (c) => {
      expect((await search(c)).rows).toEqual([]);
    });
  });

  it("with org A set, only A's organization and memberships are visible", async () => {
    await asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, async (c) => {
      const orgs = await c.query("SELECT id FROM organizations");
      expect(orgs.rows.map((r) => r.id)).toEqual([tenants.a.orgId]);
      const members = await c.query("SELECT org_id FROM memberships");
      expect(members.rows.map((r) => r.org_id)).toEqual([tenants.a.orgId]);
    });
  });

  it("with no org and no user set, nothing is visible", async () => {
    await asAppUser({}, async (c) => {
      for (const table of ["organizations", "memberships", "users"]) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
        expect(rows[0].n, `${table} leaked rows with no tenant set`).toBe(0);
      }
    });
  });

  it("cannot insert a row into organization B while acting in A", async () => {
    await expect(
      asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, (c) =>
        c.query(
          "INSERT INTO memberships (id, org_id, user_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'admin', now())",
          [tenants.b.orgId, tenants.a.userId],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot update or delete B's rows while acting in A (they are invisible: zero rows)", async () => {
    await asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, async (c) => {
      const updated = await c.query("UPDATE organizations SET name = 'pwned' WHERE id = $1", [tenants.b.orgId]);
      expect(updated.rowCount).toBe(0);
      const deleted = await c.query("DELETE FROM memberships WHERE org_id = $1", [tenants.b.orgId]);
      expect(deleted.rowCount).toBe(0);
    });
    const b = await t.pool.query("SELECT name FROM organizations WHERE id = $1", [tenants.b.orgId]);
    expect(b.rows[0].name).toBe("Agency B");
    const bMembers = await t.pool.query("SELECT count(*)::int AS n FROM memberships WHERE org_id = $1", [
      tenants.b.orgId,
    ]);
    expect(bMembers.rows[0].n).toBe(1);
  });

  it("cannot move A's row into B by updating its tenant column", async () => {
    await expect(
      asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, (c) =>
        c.query("UPDATE memberships SET org_id = $1 WHERE org_id = $2", [tenants.b.orgId, tenants.a.orgId]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("a user sees their own memberships and organizations without an active org, and not others'", async () => {
    await asAppUser({ userId: tenants.a.userId }, async (c) => {
      const orgs = await c.query("SELECT id FROM organizations");
      expect(orgs.rows.map((r) => r.id)).toEqual([tenants.a.orgId]);
      const users = await c.query("SELECT email FROM users");
      expect(users.rows.map((r) => r.email)).toEqual(["alice@a.test"]);
    });
  });

  it("a forged org id (the user is not a member) sees nothing of that organization", async () => {
    await asAppUser({ orgId: tenants.b.orgId, userId: tenants.a.userId }, async (c) => {
      const orgs = await c.query("SELECT id FROM organizations WHERE id = $1", [tenants.b.orgId]);
      expect(orgs.rows).toEqual([]);
      const members = await c.query("SELECT id FROM memberships WHERE org_id = $1", [tenants.b.orgId]);
      expect(members.rows).toEqual([]);
      const users = await c.query("SELECT id FROM users WHERE id = $1", [tenants.b.userId]);
      expect(users.rows).toEqual([]);
      const updated = await c.query("UPDATE organizations SET name = 'pwned' WHERE id = $1", [tenants.b.orgId]);
      expect(updated.rowCount).toBe(0);
    });
  });

  it("an org id set without a user id means no tenant", async () => {
    await asAppUser({ orgId: tenants.a.orgId }, async (c) => {
      const { rows } = await c.query("SELECT count(*)::int AS n FROM organizations");
      expect(rows[0].n).toBe(0);
    });
  });

  it("idempotency_keys: only the verified organization's rows of the acting user; never another org's or member's", async () => {
    // A second member of A (carol), and one record each for alice and carol in A and bob in B.
    const { rows } = await t.pool.query<{ id: string }>(
      `INSERT INTO users (id, email, name, updated_at) VALUES (gen_random_uuid(), 'carol@a.test', 'Carol', now()) RETURNING id`,
    );
    const carol = rows[0]!.id;
    const record = `INSERT INTO idempotency_keys (org_id, actor_id, key, procedure, fingerprint, response, expires_at)
                    VALUES ($1, $2, $3, 'clients.create', repeat('0', 64), '{}', now() + interval '1 day')`;
    try {
      await t.pool.query(
        "INSERT INTO memberships (id, org_id, user_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'member', now())",
        [tenants.a.orgId, carol],
      );
      await t.pool.query(record, [tenants.a.orgId, tenants.a.userId, "alice-key"]);
      await t.pool.query(record, [tenants.a.orgId, carol, "carol-key"]);
      await t.pool.query(record, [tenants.b.orgId, tenants.b.userId, "bob-key"]);
      const keys = async (c: pg.PoolClient) =>
        (await c.query<{ key: string }>("SELECT key FROM idempotency_keys ORDER BY key")).rows.map((r) => r.key);

      await asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, async (c) => {
        expect(await keys(c)).toEqual(["alice-key"]);
        // Another member's record, or another organization's, cannot be changed: zero rows.
        const updated = await c.query(
          "UPDATE idempotency_keys SET response = '{\"pwned\":true}' WHERE key IN ('carol-key', 'bob-key')",
        );
        expect(updated.rowCount).toBe(0);
      });
      await asAppUser({ orgId: tenants.a.orgId, userId: carol }, async (c) =>
        expect(await keys(c)).toEqual(["carol-key"]),
      );
      await asAppUser({ orgId: tenants.b.orgId, userId: tenants.b.userId }, async (c) =>
        expect(await keys(c)).toEqual(["bob-key"]),
      );
      // A forged organization (alice is no member of B), or none: nothing.
      await asAppUser({ orgId: tenants.b.orgId, userId: tenants.a.userId }, async (c) =>
        expect(await keys(c)).toEqual([]),
      );
      await asAppUser({ userId: tenants.a.userId }, async (c) => expect(await keys(c)).toEqual([]));
      // Records for another organization or another actor cannot be written.
      for (const [orgId, actorId] of [
        [tenants.b.orgId, tenants.a.userId],
        [tenants.a.orgId, carol],
      ]) {
        await expect(
          asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, (c) =>
            c.query(record, [orgId, actorId, "forged"]),
          ),
        ).rejects.toThrow(/row-level security/);
      }
      // Deleting is the purge's job (app_maintenance), not app_user's.
      await expect(
        asAppUser({ orgId: tenants.a.orgId, userId: tenants.a.userId }, (c) => c.query("DELETE FROM idempotency_keys")),
      ).rejects.toThrow(/permission denied/);
      const all = await t.pool.query("SELECT key, response::text AS response FROM idempotency_keys ORDER BY key");
      expect(all.rows).toEqual([
        { key: "alice-key", response: "{}" },
        { key: "bob-key", response: "{}" },
        { key: "carol-key", response: "{}" },
      ]);
    } finally {
      await t.pool.query("DELETE FROM idempotency_keys");
      await t.pool.query("DELETE FROM memberships WHERE user_id = $1", [carol]);
      await t.pool.query("DELETE FROM users WHERE id = $1", [carol]);
    }
  });

  it("an empty-string setting (reused connection) means no tenant, never all tenants", async () => {
    await asAppUser({ orgId: "", userId: "" }, async (c) => {
      const { rows } = await c.query("SELECT count(*)::int AS n FROM organizations");
      expect(rows[0].n).toBe(0);
    });
  });
});
