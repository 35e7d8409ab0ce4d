import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { addMembers, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
const callerFor = (userId: string) => callerOf(t, userId, { requestId: "org-req-0001" });
const newUser = (email: string) => createUser(t, email);

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

describe("organizations", () => {
  it("creates an organization with the caller as owner, audited, and lists it as theirs", async () => {
    const ada = await newUser("ada@orgs.test");
    const org = await callerFor(ada).organizations.create({ name: "Analytical Engines" });
    expect(org).toMatchObject({ name: "Analytical Engines", slug: "analytical-engines", role: "owner" });
    expect(await callerFor(ada).organizations.mine()).toEqual([org]);
    const audit = await t.prisma.auditLog.findFirst({ where: { action: "org.created", orgId: org.id } });
    expect(audit).toMatchObject({ actorUserId: ada, requestId: "org-req-0001" });
  });

  it("derives a free slug when the name's is taken, and refuses a taken explicit slug", async () => {
    const u = await newUser("slugs@orgs.test");
    await callerFor(u).organizations.create({ name: "Same Name" });
    const second = await callerFor(u).organizations.create({ name: "Same Name" });
    expect(second.slug).toMatch(/^same-name-[0-9a-f]{6}$/);
    await expect(callerFor(u).organizations.create({ name: "Other", slug: "same-name" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("renames with an audit entry holding before and after", async () => {
    const u = await newUser("rename@orgs.test");
    const org = await callerFor(u).organizations.create({ name: "Old Name" });
    await callerFor(u).organizations.update({ orgId: org.id, name: "New Name" });
    expect(await callerFor(u).organizations.get({ orgId: org.id })).toMatchObject({ name: "New Name" });
    const audit = await t.prisma.auditLog.findFirst({ where: { action: "org.updated", orgId: org.id } });
    expect(audit?.metadata).toEqual({ name: { before: "Old Name", after: "New Name" } });
  });
});

describe("members", () => {
  async function team() {
    const owner = await newUser(`owner-${crypto.randomUUID()}@orgs.test`);
    const org = await callerFor(owner).organizations.create({ name: "Team" });
    const add = async (role: "admin" | "member" | "viewer") => {
      const id = await newUser(`${role}-${crypto.randomUUID()}@orgs.test`);
      await addMembers(t, org.id, [{ userId: id, role }]);
      return id;
    };
    return { org, owner, admin: await add("admin"), member: await add("member"), viewer: await add("viewer") };
  }

  it("lists members with roles to any member", async () => {
    const { org, viewer } = await team();
    const members = await callerFor(viewer).members.list({ orgId: org.id });
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "member", "owner", "viewer"]);
  });

  it("an admin changes a member's role; the change takes effect on the next request", async () => {
    const { org, admin, member } = await team();
    await expect(callerFor(member).organizations.update({ orgId: org.id, name: "Nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await callerFor(admin).members.changeRole({ orgId: org.id, userId: member, role: "admin" });
    await expect(callerFor(member).organizations.update({ orgId: org.id, name: "Now allowed" })).resolves.toMatchObject({ name: "Now allowed" });
    const audit = await t.prisma.auditLog.findFirst({ where: { action: "member.role_changed", orgId: org.id, targetId: member } });
    expect(audit?.metadata).toEqual({ role: { before: "member", after: "admin" } });
  });

  it("an admin cannot make anyone owner, nor promote themself", async () => {
    const { org, admin, member } = await team();
    await expect(callerFor(admin).members.changeRole({ orgId: org.id, userId: member, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(admin).members.changeRole({ orgId: org.id, userId: admin, role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a removed member loses access at once (404, as if the org did not exist)", async () => {
    const { org, owner, member } = await team();
    await expect(callerFor(member).members.list({ orgId: org.id })).resolves.toHaveLength(4);
    await callerFor(owner).members.remove({ orgId: org.id, userId: member });
    await expect(callerFor(member).members.list({ orgId: org.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await callerFor(member).organizations.mine()).toEqual([]);
  });

  it("the last owner cannot leave or be demoted; with a second owner they can leave", async () => {
    const { org, owner, admin } = await team();
    await expect(callerFor(owner).members.leave({ orgId: org.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await callerFor(owner).members.changeRole({ orgId: org.id, userId: admin, role: "owner" });
    await expect(callerFor(owner).members.leave({ orgId: org.id })).resolves.toEqual({ changed: true });
    expect(await t.prisma.auditLog.count({ where: { action: "member.left", orgId: org.id, actorUserId: owner } })).toBe(1);
    // Now the only owner, the former admin cannot step down either.
    await expect(callerFor(admin).members.changeRole({ orgId: org.id, userId: admin, role: "admin" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("two owners demoting each other at once leave one owner (row locks)", async () => {
    const { org, owner, admin } = await team();
    await callerFor(owner).members.changeRole({ orgId: org.id, userId: admin, role: "owner" });
    const results = await Promise.allSettled([
      callerFor(owner).members.changeRole({ orgId: org.id, userId: admin, role: "member" }),
      callerFor(admin).members.changeRole({ orgId: org.id, userId: owner, role: "member" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.prisma.membership.count({ where: { orgId: org.id, role: "owner" } })).toBe(1);
  });
});
