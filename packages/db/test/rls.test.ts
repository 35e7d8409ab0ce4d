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

describe("row-level security as app_user (API checks bypassed)", () => {
  it("app_user cannot bypass RLS and RLS is forced on every tenant table", async () => {
    const role = await t.pool.query("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'app_user'");
    expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    const tables = await t.pool.query(
      "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname IN ('users','organizations','memberships') ORDER BY relname",
    );
    expect(tables.rows).toEqual([
      // Not forced on purpose: app_current_org_id() (SECURITY DEFINER) reads it as the owner.
      { relname: "memberships", relrowsecurity: true, relforcerowsecurity: false },
      { relname: "organizations", relrowsecurity: true, relforcerowsecurity: true },
      { relname: "users", relrowsecurity: true, relforcerowsecurity: true },
    ]);
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

  it("an empty-string setting (reused connection) means no tenant, never all tenants", async () => {
    await asAppUser({ orgId: "", userId: "" }, async (c) => {
      const { rows } = await c.query("SELECT count(*)::int AS n FROM organizations");
      expect(rows[0].n).toBe(0);
    });
  });
});
