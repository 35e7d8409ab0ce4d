import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kysely, sql } from "../src/sql/builder";
import { BoundaryViolation } from "../src/capturing-pool";
import { TenantRefusal } from "../src/tenant";
import { openTestDatabase, seedTwoTenants } from "./helpers";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let tenants: Awaited<ReturnType<typeof seedTwoTenants>>;

beforeAll(async () => {
  t = await openTestDatabase();
  tenants = await seedTwoTenants(t.pool);
});
afterAll(() => t.close());

const inA = () => ({ userId: tenants.a.userId, orgId: tenants.a.orgId });
const session = async (userId: string, fields: { revoked?: boolean; expiresInMs?: number; lastSeenAgoMs?: number } = {}) => {
  const { rows } = await t.pool.query<{ id: string }>(
    `INSERT INTO sessions (id, user_id, expires_at, last_seen_at, revoked_at)
     VALUES (gen_random_uuid(), $1, now() + make_interval(secs => $2::float8 / 1000), now() - make_interval(secs => $3::float8 / 1000),
             CASE WHEN $4 THEN now() END) RETURNING id`,
    [userId, fields.expiresInMs ?? 3_600_000, fields.lastSeenAgoMs ?? 0, fields.revoked ?? false],
  );
  return rows[0]!.id;
};
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe("the tenant boundary", () => {
  it("enters as app_user with the tenant settings and the caller's role, in one transaction", async () => {
    const seen = await t.database.tenant(inA(), async ({ tx, sql: q, userId, role }) => {
      const [who] = await tx.$queryRaw<{ role: string; org: string; user: string; txid: string }[]>`
        SELECT current_user AS role, current_setting('app.org_id') AS org, current_setting('app.user_id') AS user,
               txid_current()::text AS txid`;
      const raw = await q.first(sql<{ txid: string }>`SELECT txid_current()::text AS txid`);
      const orgs = await tx.organization.findMany({ select: { slug: true } });
      return { who, raw, orgs, userId, role };
    });
    expect(seen.who).toMatchObject({ role: "app_user", org: tenants.a.orgId, user: tenants.a.userId });
    // Prisma and plain SQL share the transaction's connection.
    expect(seen.raw?.txid).toBe(seen.who?.txid);
    expect(seen.orgs).toEqual([{ slug: "agency-a" }]);
    expect(seen).toMatchObject({ userId: tenants.a.userId, role: "owner" });
  });

  it("refuses an organization the user is not a member of before any work runs", async () => {
    let ran = false;
    const error = await refusal(
      t.database.tenant({ userId: tenants.a.userId, orgId: tenants.b.orgId }, async () => {
        ran = true;
      }),
    );
    expect(error).toBeInstanceOf(TenantRefusal);
    expect((error as TenantRefusal).reason).toBe("membership");
    expect(ran).toBe(false);
  });

  it("resolves a live session in the same statement, and refuses a revoked or expired one", async () => {
    const live = await session(tenants.a.userId);
    const who = { sessionId: live, sessionTtlSeconds: 3600, orgId: tenants.a.orgId };
    await expect(t.database.tenant(who, async ({ userId, role }) => ({ userId, role }))).resolves.toEqual({
      userId: tenants.a.userId,
      role: "owner",
    });
    for (const dead of [await session(tenants.a.userId, { revoked: true }), await session(tenants.a.userId, { expiresInMs: -1000 })]) {
      const error = await refusal(t.database.tenant({ ...who, sessionId: dead }, async () => undefined));
      expect((error as TenantRefusal).reason).toBe("session");
    }
    // A session is no key to someone else's identity.
    const mismatch = await refusal(t.database.tenant({ ...who, userId: tenants.b.userId }, async () => undefined));
    expect((mismatch as TenantRefusal).reason).toBe("session");
  });

  it("rolls a session's expiry forward at most once per 5 minutes of use", async () => {
    const fresh = await session(tenants.a.userId, { expiresInMs: 60_000 });
    const stale = await session(tenants.a.userId, { expiresInMs: 60_000, lastSeenAgoMs: 6 * 60_000 });
    for (const sessionId of [fresh, stale]) {
      await t.database.tenant({ sessionId, sessionTtlSeconds: 7200 }, async () => undefined);
    }
    const { rows } = await t.pool.query<{ id: string; hours: number }>(
      `SELECT id, extract(epoch FROM expires_at - now()) / 3600 AS hours FROM sessions WHERE id = ANY($1::uuid[])`,
      [[fresh, stale]],
    );
    const hours = Object.fromEntries(rows.map((r) => [r.id, Number(r.hours)]));
    expect(hours[fresh]).toBeLessThan(0.1);
    expect(hours[stale]).toBeGreaterThan(1.9);
  });

  it("settings and role are transaction-local: the next query on the pool sees none", async () => {
    await t.database.tenant(inA(), async () => undefined);
    const rows = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.pool.query<{ org: string | null; role: string }>(
          `SELECT nullif(current_setting('app.org_id', true), '') AS org, current_user AS role`,
        ),
      ),
    );
    for (const { rows: [row] } of rows) expect(row).toEqual({ org: null, role: expect.not.stringMatching(/^app_user$/) });
  });

  it("rolls back Prisma and plain-SQL writes together when the work throws", async () => {
    await expect(
      t.database.tenant(inA(), async ({ tx, sql: q }) => {
        await tx.organization.update({ where: { id: tenants.a.orgId }, data: { name: "Renamed" } });
        await q.run(kysely.updateTable("organizations").set({ slug: "renamed" }).where("id", "=", tenants.a.orgId));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const { rows } = await t.pool.query("SELECT name, slug FROM organizations WHERE id = $1", [tenants.a.orgId]);
    expect(rows[0]).toEqual({ name: "Agency A", slug: "agency-a" });
  });

  it("anonymous transactions see no tenant rows at all", async () => {
    const seen = await t.database.tenant({ anonymous: true }, async ({ tx }) => ({
      orgs: await tx.organization.count(),
      users: await tx.user.count(),
    }));
    expect(seen).toEqual({ orgs: 0, users: 0 });
  });

  it("maintenance runs as app_maintenance, which bypasses RLS", async () => {
    const seen = await t.database.maintenance(async ({ tx }) => {
      const [who] = await tx.$queryRaw<{ role: string }[]>`SELECT current_user AS role`;
      return { role: who?.role, orgs: await tx.organization.count() };
    });
    expect(seen).toEqual({ role: "app_maintenance", orgs: 2 });
  });

  it("concurrent transactions each get their own connection and settings", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const tenant = i % 2 === 0 ? tenants.a : tenants.b;
        return t.database.tenant({ userId: tenant.userId, orgId: tenant.orgId }, async ({ sql: q }) => {
          const row = await q.first(sql<{ org: string }>`SELECT current_setting('app.org_id') AS org, pg_sleep(0.01)`);
          return row?.org === tenant.orgId;
        });
      }),
    );
    expect(results).toEqual(Array(8).fill(true));
  });

  it("work inside a tenant transaction can open no other transaction nor reach the pool", async () => {
    const attempts = await t.database.tenant(inA(), async () =>
      Promise.all(
        [
          () => t.database.maintenance(async () => "maintenance ran"),
          () => t.database.tenant(inA(), async () => "nested tenant ran"),
          () => t.database.ping(),
          () => t.database.migrationStatus(),
        ].map((attempt) => attempt().then(() => "ran", (error: unknown) => error)),
      ),
    );
    for (const attempt of attempts) expect(attempt).toBeInstanceOf(BoundaryViolation);
    // Outside, they work.
    await expect(t.database.maintenance(async () => "ok")).resolves.toBe("ok");
  });
});

describe("definer functions for the places before a tenant exists", () => {
  it("app_create_organization makes the acting user owner and the new organization active", async () => {
    const created = await t.database.tenant({ userId: tenants.a.userId }, async ({ tx, sql: q }) => {
      const row = await q.first(sql<{ id: string }>`SELECT app_create_organization('Agency C', 'agency-c') AS id`);
      const visible = await tx.organization.findMany({ where: { id: row!.id }, select: { slug: true } });
      const members = await tx.membership.findMany({ where: { orgId: row!.id }, select: { role: true, userId: true } });
      return { visible, members };
    });
    expect(created).toEqual({ visible: [{ slug: "agency-c" }], members: [{ role: "owner", userId: tenants.a.userId }] });
    await expect(
      t.database.tenant({ userId: tenants.b.userId }, ({ sql: q }) =>
        q.first(sql`SELECT app_create_organization('Copy', 'agency-c') AS id`),
      ),
    ).rejects.toThrow(/unique|duplicate/i);
  });
});
