import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../src/sql/builder";
import type { TenantRefusal } from "../src/tenant";
import { openTestDatabase, seedTwoTenants } from "./helpers";

/**
 * API keys at the SQL level: app_create_api_key (as app_user, inside a tenant) and app_enter_key
 * (the boundary's one entering statement for keys), with the API's checks out of the picture.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>;
let tenants: Awaited<ReturnType<typeof seedTwoTenants>>;

beforeAll(async () => {
  t = await openTestDatabase();
  tenants = await seedTwoTenants(t.pool);
});
afterAll(() => t.close());

const hash = (secret: string) => createHash("sha256").update(secret).digest("hex");
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

/** Creates a key in org A as its owner through the definer function; returns its id and secret. */
async function createKey(scopes: string[], role = "viewer", actor = tenants.a) {
  const secret = randomBytes(32).toString("hex");
  const id = await t.database.tenant({ userId: actor.userId, orgId: actor.orgId }, async ({ sql: q }) => {
    const row = await q.first(
      sql<{ id: string }>`SELECT app_create_api_key('Robot', ${randomBytes(6).toString("hex")}, ${hash(secret)},
        ${scopes}::text[], ${role}::membership_role, NULL) AS id`,
    );
    return row!.id;
  });
  return { id, secret };
}

describe("API keys in the database", () => {
  it("creates the key, a service user without password and its membership, for an owner under RLS", async () => {
    const { id } = await createKey(["task:read"]);
    const { rows } = await t.pool.query(
      `SELECT u.kind, u.password_hash, m.role, k.org_id FROM api_keys k
         JOIN users u ON u.id = k.service_user_id JOIN memberships m ON m.user_id = u.id WHERE k.id = $1`,
      [id],
    );
    expect(rows).toEqual([{ kind: "service", password_hash: null, role: "viewer", org_id: tenants.a.orgId }]);
  });

  it("refuses to create a key for a member below admin, or with a role above the creator's", async () => {
    const { rows } = await t.pool.query<{ id: string }>(
      `INSERT INTO users (id, email, name, updated_at) VALUES (gen_random_uuid(), 'mia@a.test', 'Mia', now()) RETURNING id`,
    );
    const member = rows[0]!.id;
    await t.pool.query(
      `INSERT INTO memberships (id, org_id, user_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'admin', now())`,
      [tenants.a.orgId, member],
    );
    const error = await refusal(createKey(["owner:manage"], "owner", { orgId: tenants.a.orgId, userId: member }));
    expect(String(error)).toMatch(/only admins and owners/);
    await t.pool.query(`UPDATE memberships SET role = 'member' WHERE user_id = $1`, [member]);
    expect(
      String(await refusal(createKey(["task:read"], "viewer", { orgId: tenants.a.orgId, userId: member }))),
    ).toMatch(/only admins and owners/);
  });

  it("enters with a key in one statement: its service user, its org, its scopes, under RLS", async () => {
    const { id, secret } = await createKey(["task:read", "project:read"]);
    const seen = await t.database.tenant({ apiKeySecretHash: hash(secret) }, async ({ tx, apiKey, orgId, role }) => {
      const [who] = await tx.$queryRaw<{ role: string; org: string }[]>`
        SELECT current_user AS role, current_setting('app.org_id') AS org`;
      const orgs = await tx.organization.findMany({ select: { slug: true } });
      return { who, orgs, apiKey, orgId, role };
    });
    expect(seen.who).toEqual({ role: "app_user", org: tenants.a.orgId });
    expect(seen.orgs).toEqual([{ slug: "agency-a" }]);
    expect(seen).toMatchObject({
      orgId: tenants.a.orgId,
      role: "viewer",
      apiKey: { id, scopes: ["task:read", "project:read"] },
    });
  });

  it("refuses another organization as a non-member, and unknown, revoked or expired keys as dead", async () => {
    const { id, secret } = await createKey(["task:read"]);
    const foreign = await refusal(
      t.database.tenant({ apiKeySecretHash: hash(secret), orgId: tenants.b.orgId }, async () => 1),
    );
    expect((foreign as TenantRefusal).reason).toBe("membership");
    const unknown = await refusal(t.database.tenant({ apiKeySecretHash: hash("nobody") }, async () => 1));
    expect((unknown as TenantRefusal).reason).toBe("apiKey");
    await t.pool.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const expired = await refusal(t.database.tenant({ apiKeySecretHash: hash(secret) }, async () => 1));
    expect((expired as TenantRefusal).reason).toBe("apiKey");
    await t.pool.query(`UPDATE api_keys SET expires_at = NULL, revoked_at = now() WHERE id = $1`, [id]);
    const revoked = await refusal(t.database.tenant({ apiKeySecretHash: hash(secret) }, async () => 1));
    expect((revoked as TenantRefusal).reason).toBe("apiKey");
  });

  it("accepts the previous secret only inside its overlap window", async () => {
    const { id, secret } = await createKey(["task:read"]);
    const next = randomBytes(32).toString("hex");
    await t.pool.query(
      `UPDATE api_keys SET previous_secret_hash = secret_hash, previous_expires_at = now() + interval '1 hour', secret_hash = $2 WHERE id = $1`,
      [id, hash(next)],
    );
    for (const s of [secret, next])
      await expect(t.database.tenant({ apiKeySecretHash: hash(s) }, async () => 1)).resolves.toBe(1);
    await t.pool.query(`UPDATE api_keys SET previous_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const old = await refusal(t.database.tenant({ apiKeySecretHash: hash(secret) }, async () => 1));
    expect((old as TenantRefusal).reason).toBe("apiKey");
  });

  it("a key whose membership is gone sees nothing, even with a forged org setting", async () => {
    const { id, secret } = await createKey(["task:read"]);
    await t.pool.query(`DELETE FROM memberships WHERE user_id = (SELECT service_user_id FROM api_keys WHERE id = $1)`, [
      id,
    ]);
    const error = await refusal(t.database.tenant({ apiKeySecretHash: hash(secret) }, async () => 1));
    expect((error as TenantRefusal).reason).toBe("membership");
  });

  it("app_user cannot insert keys or change which organization or principal a key belongs to", async () => {
    const { id } = await createKey(["task:read"]);
    const error = await refusal(
      t.database.tenant({ userId: tenants.a.userId, orgId: tenants.a.orgId }, ({ sql: q }) =>
        q.run(sql`UPDATE api_keys SET service_user_id = ${tenants.a.userId}::uuid WHERE id = ${id}::uuid`),
      ),
    );
    expect(String(error)).toMatch(/permission denied/);
    const insert = await refusal(
      t.database.tenant({ userId: tenants.a.userId, orgId: tenants.a.orgId }, ({ sql: q }) =>
        q.run(sql`INSERT INTO api_keys (id, org_id, name, prefix, secret_hash, scopes, service_user_id)
                  VALUES (gen_random_uuid(), ${tenants.a.orgId}::uuid, 'x', 'x', ${hash("x")}, '{task:read}', ${tenants.a.userId}::uuid)`),
      ),
    );
    expect(String(insert)).toMatch(/permission denied/);
  });

  it("org B's admin sees none of org A's keys", async () => {
    await createKey(["task:read"]);
    const seen = await t.database.tenant({ userId: tenants.b.userId, orgId: tenants.b.orgId }, ({ tx }) =>
      tx.apiKey.count(),
    );
    expect(seen).toBe(0);
  });
});
