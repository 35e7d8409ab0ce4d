import { withTenant } from "@agency/db";
import { PERMISSIONS_BY_ROLE, roleSchema, type Role } from "@agency/validators";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authedProcedure, can, createCallerFactory, orgProcedure, router } from "../src/trpc/trpc";
import { z } from "zod";
import { contextFor } from "./helpers/callers";
import { createMemberPerRole, createUser, seedOrganization } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

// Procedures built only from the exported builders, exercising the org guard.
const testRouter = router({
  readOrg: orgProcedure.meta(can("org:read")).query(({ ctx }) => ctx.org),
  invite: orgProcedure.meta(can("member:invite")).mutation(({ ctx }) => ctx.org.role),
  undeclared: orgProcedure.query(() => "should never run"),
  membersViaRls: orgProcedure
    .meta(can("member:read"))
    .input(z.object({ orgId: z.string() }))
    .query(({ ctx }) => ctx.db((tx) => tx.membership.count())),
  // Deliberately skips the org guard: only RLS stands between the caller and the forged org.
  forgedOrgBypassingGuard: authedProcedure
    .input(z.object({ orgId: z.string() }))
    .query(({ ctx, input }) =>
      withTenant(ctx.prisma, { userId: ctx.actor.userId, orgId: input.orgId }, async (tx) => ({
        organizations: await tx.organization.count(),
        memberships: await tx.membership.count(),
        users: await tx.user.count(),
      })),
    ),
});

let t: TestApi;
let orgA: string;
let orgB: string;
let usersA: Record<Role, string>;
let ownerB: string;

beforeAll(async () => {
  t = await startTestApi();
  orgA = await seedOrganization(t, "org-a", [], "org-a");
  usersA = await createMemberPerRole(t, orgA, "a.test");
  ownerB = await createUser(t, "owner@b.test");
  orgB = await seedOrganization(t, "org-b", [{ userId: ownerB, role: "owner" }], "org-b");
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

  it("takes the org from the input over the header and scopes ctx.db to it under RLS", async () => {
    const count = await callerAs(usersA.member, { "x-org-id": orgB }).membersViaRls({ orgId: orgA });
    expect(count).toBe(4);
  });
});

describe("row-level security when the API guard is bypassed", () => {
  it("a forged org id returns nothing of the other organization", async () => {
    const seen = await callerAs(usersA.owner).forgedOrgBypassingGuard({ orgId: orgB });
    // Only what A's owner may always see: their own organization, own membership, themself.
    expect(seen).toEqual({ organizations: 1, memberships: 1, users: 1 });
    // And nothing of B:
    const bRows = await withTenant(t.api.deps.prisma, { userId: usersA.owner, orgId: orgB }, async (tx) => ({
      org: await tx.organization.findUnique({ where: { id: orgB } }),
      members: await tx.membership.findMany({ where: { orgId: orgB } }),
      owner: await tx.user.findUnique({ where: { id: ownerB } }),
    }));
    expect(bRows).toEqual({ org: null, members: [], owner: null });
  });
});
