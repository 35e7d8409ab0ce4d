import { sql } from "@agency/db";
import { PERMISSIONS_BY_ROLE, roleSchema, type Role } from "@agency/validators";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authedProcedure, createCallerFactory, orgProcedure, router } from "../src/trpc/trpc";
import { z } from "zod";
import { contextFor } from "./helpers/callers";
import { startTestApi, type TestApi } from "./helpers/test-api";

// Procedures built only from the exported builders, exercising the org guard.
const testRouter = router({
  readOrg: orgProcedure.meta({ permission: "org:read" }).query(({ ctx }) => ctx.scope.org),
  invite: orgProcedure.meta({ permission: "member:invite" }).mutation(({ ctx }) => ctx.scope.org.role),
  undeclared: orgProcedure.query(() => "should never run"),
  membersViaRls: orgProcedure
    .meta({ permission: "member:read" })
    .input(z.object({ orgId: z.string() }))
    .query(({ ctx }) => ctx.scope.tx.membership.count()),
  // Deliberately skips the org guard AND the boundary's membership check: it sets the tenant
  // setting by hand inside the caller's own transaction. Only RLS stands between the caller
  // and the forged organization.
  forgedOrgBypassingGuard: authedProcedure
    .input(z.object({ orgId: z.string() }))
    .query(async ({ ctx, input }) => {
      const { tx, sql: q } = ctx.scope;
      await q.run(sql`SELECT set_config('app.org_id', ${input.orgId}, true)`);
      return {
        organizations: await tx.organization.count(),
        memberships: await tx.membership.count(),
        users: await tx.user.count(),
        b: {
          org: await tx.organization.findUnique({ where: { id: input.orgId } }),
          members: await tx.membership.findMany({ where: { orgId: input.orgId } }),
          owner: await tx.user.findUnique({ where: { id: ownerB } }),
        },
      };
    }),
});

let t: TestApi;
let orgA: string;
let orgB: string;
const usersA = {} as Record<Role, string>;
let ownerB: string;

beforeAll(async () => {
  t = await startTestApi();
  const { prisma } = t;
  const org = (slug: string) => prisma.organization.create({ data: { name: slug, slug } });
  const user = (email: string) => prisma.user.create({ data: { email, name: email } });
  orgA = (await org("org-a")).id;
  orgB = (await org("org-b")).id;
  for (const role of roleSchema.options) {
    usersA[role] = (await user(`${role}@a.test`)).id;
    await prisma.membership.create({ data: { orgId: orgA, userId: usersA[role], role } });
  }
  ownerB = (await user("owner@b.test")).id;
  await prisma.membership.create({ data: { orgId: orgB, userId: ownerB, role: "owner" } });
});
afterAll(() => t.close());

function callerAs(userId: string | null, headers: Record<string, string> = {}) {
  return createCallerFactory(testRouter)(contextFor(t, userId, { headers, requestId: "org-test-0001" }));
}

describe("orgProcedure", () => {
  it("admits a member, with the org from the x-org-id header, and exposes the role", async () => {
    await expect(callerAs(usersA.viewer, { "x-org-id": orgA }).readOrg()).resolves.toEqual({ id: orgA, role: "viewer" });
  });

  it("rejects a signed-out caller as UNAUTHORIZED", async () => {
    await expect(callerAs(null, { "x-org-id": orgA }).readOrg()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers a non-member with NOT_FOUND, the same as an org that does not exist", async () => {
    await expect(callerAs(ownerB, { "x-org-id": orgA }).readOrg()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(ownerB, { "x-org-id": randomUUID() }).readOrg()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(ownerB, { "x-org-id": "not-a-uuid" }).readOrg()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("asks for an organization when none is given", async () => {
    await expect(callerAs(usersA.owner).readOrg()).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("denies an org procedure that declares no permission, even to the owner", async () => {
    await expect(callerAs(usersA.owner, { "x-org-id": orgA }).undeclared()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it.each(roleSchema.options)("member:invite as %s follows the permission table", async (role) => {
    const allowed = (PERMISSIONS_BY_ROLE[role] as readonly string[]).includes("member:invite");
    const call = callerAs(usersA[role], { "x-org-id": orgA }).invite();
    if (allowed) await expect(call).resolves.toBe(role);
    else await expect(call).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("takes the org from the input over the header and scopes the transaction to it under RLS", async () => {
    const count = await callerAs(usersA.member, { "x-org-id": orgB }).membersViaRls({ orgId: orgA });
    expect(count).toBe(4);
  });
});

describe("row-level security when the API guard is bypassed", () => {
  it("a forged org id returns nothing of the other organization", async () => {
    const seen = await callerAs(usersA.owner).forgedOrgBypassingGuard({ orgId: orgB });
    // Only what A's owner may always see: their own organization, own membership, themself —
    // and nothing of B.
    expect(seen).toEqual({ organizations: 1, memberships: 1, users: 1, b: { org: null, members: [], owner: null } });
  });

  it("the boundary itself refuses a forged organization before any work", async () => {
    await expect(
      t.api.deps.db.tenant({ userId: usersA.owner, orgId: orgB }, async () => "ran"),
    ).rejects.toMatchObject({ name: "TenantRefusal", reason: "membership" });
  });
});
