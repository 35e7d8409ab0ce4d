import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../src/tenant";
import { openTestDatabase, seedTwoTenants } from "./helpers";

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let tenants: Awaited<ReturnType<typeof seedTwoTenants>>;

beforeAll(async () => {
  t = await openTestDatabase();
  tenants = await seedTwoTenants(t.pool);
});
afterAll(() => t.close());

describe("withTenant", () => {
  it("runs queries as app_user with the tenant settings", async () => {
    const seen = await withTenant(t.prisma, { userId: tenants.a.userId, orgId: tenants.a.orgId }, async (tx) => {
      const [who] = await tx.$queryRaw<{ role: string; org: string; user: string }[]>`
        SELECT current_user AS role, current_setting('app.org_id') AS org, current_setting('app.user_id') AS user`;
      const orgs = await tx.organization.findMany({ select: { slug: true } });
      return { who, orgs };
    });
    expect(seen.who).toEqual({ role: "app_user", org: tenants.a.orgId, user: tenants.a.userId });
    expect(seen.orgs).toEqual([{ slug: "agency-a" }]);
  });

  it("a forged org id the user is not a member of still sees nothing of that org's members", async () => {
    const seen = await withTenant(t.prisma, { userId: tenants.a.userId, orgId: tenants.b.orgId }, async (tx) => ({
      members: await tx.membership.findMany({ where: { orgId: tenants.b.orgId } }),
      org: await tx.organization.findUnique({ where: { id: tenants.b.orgId } }),
    }));
    expect(seen).toEqual({ members: [], org: null });
  });

  it("settings are transaction-local: the next query on the pool sees none", async () => {
    await withTenant(t.prisma, { userId: tenants.a.userId, orgId: tenants.a.orgId }, async () => undefined);
    const rows = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          t.prisma.$queryRaw<{ org: string | null; role: string }[]>`
          SELECT nullif(current_setting('app.org_id', true), '') AS org, current_user AS role`,
      ),
    );
    for (const [row] of rows) expect(row).toEqual({ org: null, role: expect.not.stringMatching(/^app_user$/) });
  });

  it("rolls everything back when the callback throws", async () => {
    await expect(
      withTenant(t.prisma, { userId: tenants.a.userId, orgId: tenants.a.orgId }, async (tx) => {
        await tx.organization.update({ where: { id: tenants.a.orgId }, data: { name: "Renamed" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const org = await t.prisma.organization.findUniqueOrThrow({ where: { id: tenants.a.orgId } });
    expect(org.name).toBe("Agency A");
  });
});
