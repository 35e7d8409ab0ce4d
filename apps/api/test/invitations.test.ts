import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor as callerOf } from "./helpers/callers";
import { addMembers, createOrganizationAs, createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "invitation-test-secret-0123456789abcd";
let t: TestApi;
const callerFor = (userId: string | null, headers: Record<string, string> = {}) =>
  callerOf(t, userId, { headers, requestId: "invite-req-01" });
/** A user whose email is verified (only those accept invitations), unless told otherwise. */
const newUser = (email: string, verified = true) => createUser(t, email, undefined, { verified });
const outbox = () => callerFor(null, { "x-internal-secret": SECRET }).dev.outbox();

/** The token in the newest email to `email`, read from the dev outbox like a person would. */
async function linkTokenFor(email: string) {
  const mail = (await outbox()).find((m) => m.to === email);
  const match = mail?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no invitation email to ${email}`);
  return match[1]!;
}

let owner: string;
let orgId: string;
beforeAll(async () => {
  t = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET, APP_URL: "https://app.example.test" } });
  owner = await newUser("owner@invites.test");
  orgId = await createOrganizationAs(t, owner, "Inviting Agency");
});
afterAll(() => t.close());

describe("invitations", () => {
  it("emails a single-use link that the invited user accepts to join with the role", async () => {
    const invited = await callerFor(owner).invitations.create({ orgId, email: "Newbie@Invites.test", role: "admin" });
    expect(invited).toMatchObject({ email: "newbie@invites.test", role: "admin", status: "pending" });
    const mail = (await outbox()).find((m) => m.to === "newbie@invites.test");
    expect(mail?.subject).toBe("You're invited to join Inviting Agency on Agency OS");
    expect(mail?.text).toContain("https://app.example.test/invitations/");

    const token = await linkTokenFor("newbie@invites.test");
    const newbie = await newUser("newbie@invites.test");
    await expect(callerFor(newbie).invitations.accept({ token })).resolves.toMatchObject({ id: orgId, role: "admin" });
    expect((await callerFor(newbie).members.list({ orgId })).find((m) => m.userId === newbie)?.role).toBe("admin");
    await expect(callerFor(newbie).invitations.accept({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await callerFor(owner).invitations.list({ orgId })).find((i) => i.id === invited.id)?.status).toBe("accepted");
    const actions = (await t.prisma.auditLog.findMany({ where: { orgId, targetId: invited.id } })).map((a) => a.action);
    expect(actions.sort()).toEqual(["invite.accepted", "invite.sent"]);
  });

  it("refuses an account that has not verified its email, even when the email matches; it joins once verified", async () => {
    await callerFor(owner).invitations.create({ orgId, email: "unverified@invites.test", role: "member" });
    const token = await linkTokenFor("unverified@invites.test");
    const user = await newUser("unverified@invites.test", false);
    await expect(callerFor(user).invitations.accept({ token })).rejects.toMatchObject({
      code: "FORBIDDEN",
      cause: { details: { reason: "email_unverified" } },
    });
    expect(await t.prisma.membership.count({ where: { orgId, userId: user } })).toBe(0);
    // Nothing was spent: after verifying, the same link works.
    await t.prisma.user.update({ where: { id: user }, data: { emailVerifiedAt: new Date() } });
    await expect(callerFor(user).invitations.accept({ token })).resolves.toMatchObject({ id: orgId, role: "member" });
  });

  it("refuses a user whose email is not the invited one", async () => {
    await callerFor(owner).invitations.create({ orgId, email: "right@invites.test", role: "member" });
    const token = await linkTokenFor("right@invites.test");
    const wrong = await newUser("wrong@invites.test");
    await expect(callerFor(wrong).invitations.accept({ token })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("revoked and expired links stop working; resending issues a new link and kills the old one", async () => {
    const revoked = await callerFor(owner).invitations.create({ orgId, email: "revoked@invites.test", role: "member" });
    const revokedToken = await linkTokenFor("revoked@invites.test");
    await callerFor(owner).invitations.revoke({ orgId, invitationId: revoked.id });
    const revokedUser = await newUser("revoked@invites.test");
    await expect(callerFor(revokedUser).invitations.accept({ token: revokedToken })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const late = await callerFor(owner).invitations.create({ orgId, email: "late@invites.test", role: "viewer" });
    const lateToken = await linkTokenFor("late@invites.test");
    await t.prisma.invitation.update({ where: { id: late.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const lateUser = await newUser("late@invites.test");
    await expect(callerFor(lateUser).invitations.accept({ token: lateToken })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await callerFor(owner).invitations.list({ orgId })).find((i) => i.id === late.id)?.status).toBe("expired");

    const resent = await callerFor(owner).invitations.resend({ orgId, invitationId: late.id });
    expect(resent.status).toBe("pending");
    const freshToken = await linkTokenFor("late@invites.test");
    expect(freshToken).not.toBe(lateToken);
    await expect(callerFor(lateUser).invitations.accept({ token: lateToken })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(lateUser).invitations.accept({ token: freshToken })).resolves.toMatchObject({ role: "viewer" });
  });

  it("admins cannot invite owners; existing members cannot be invited again", async () => {
    const admin = await newUser("admin@invites.test");
    await addMembers(t, orgId, [{ userId: admin, role: "admin" }]);
    await expect(callerFor(admin).invitations.create({ orgId, email: "boss@invites.test", role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(admin).invitations.create({ orgId, email: "owner@invites.test", role: "member" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("the dev outbox needs the web server's secret", async () => {
    await expect(callerFor(null).dev.outbox()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("invitation preview (the invitation page, before accepting)", () => {
  /** The web server's own call for a browser at `ip` (not signed in: the invitee may have no account yet). */
  const webServerFor = (ip: string) => callerOf(t, null, { headers: { "x-internal-secret": SECRET }, ip, requestId: "preview-01" });

  it("names the organization, the inviter and the role for a pending link, and nothing else", async () => {
    await t.prisma.user.update({ where: { id: owner }, data: { name: "Olivia Owner" } });
    await callerFor(owner).invitations.create({ orgId, email: "preview@invites.test", role: "viewer" });
    const token = await linkTokenFor("preview@invites.test");
    const preview = await webServerFor("198.51.100.1").invitations.preview({ token });
    expect(preview).toEqual({
      organizationName: "Inviting Agency",
      inviterName: "Olivia Owner",
      role: "viewer",
      expiresAt: expect.any(String),
      state: "pending",
    });
    expect(Object.keys(preview).sort()).toEqual(["expiresAt", "inviterName", "organizationName", "role", "state"]);
  });

  it("says when a link expired or was used; an unknown or revoked link reveals nothing (NOT_FOUND)", async () => {
    const web = webServerFor("198.51.100.2");
    const late = await callerFor(owner).invitations.create({ orgId, email: "preview-late@invites.test", role: "member" });
    const lateToken = await linkTokenFor("preview-late@invites.test");
    await t.prisma.invitation.update({ where: { id: late.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(web.invitations.preview({ token: lateToken })).resolves.toMatchObject({ state: "expired", organizationName: "Inviting Agency" });

    await callerFor(owner).invitations.create({ orgId, email: "preview-used@invites.test", role: "member" });
    const usedToken = await linkTokenFor("preview-used@invites.test");
    await callerFor(await newUser("preview-used@invites.test")).invitations.accept({ token: usedToken });
    await expect(web.invitations.preview({ token: usedToken })).resolves.toMatchObject({ state: "accepted" });

    const revoked = await callerFor(owner).invitations.create({ orgId, email: "preview-revoked@invites.test", role: "member" });
    const revokedToken = await linkTokenFor("preview-revoked@invites.test");
    await callerFor(owner).invitations.revoke({ orgId, invitationId: revoked.id });
    await expect(web.invitations.preview({ token: revokedToken })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(web.invitations.preview({ token: "x".repeat(43) })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("only the web server may ask (a browser or an API client is told it does not exist)", async () => {
    // A valid link, so NOT_FOUND can only be the guard's.
    await callerFor(owner).invitations.create({ orgId, email: "preview-guard@invites.test", role: "member" });
    const token = await linkTokenFor("preview-guard@invites.test");
    const browser = (userId: string | null) => callerOf(t, userId, { ip: "198.51.100.5", requestId: "preview-02" });
    await expect(browser(owner).invitations.preview({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(browser(null).invitations.preview({ token })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(webServerFor("198.51.100.5").invitations.preview({ token })).resolves.toMatchObject({ state: "pending" });
  });

  it("is rate-limited per client address like the other link-token lookups", async () => {
    const web = webServerFor("198.51.100.3");
    const answers = [];
    for (let i = 0; i < 11; i++) {
      answers.push(await web.invitations.preview({ token: "y".repeat(43) }).catch((error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code));
    }
    expect(answers.slice(0, 10).every((code) => code === "NOT_FOUND")).toBe(true);
    expect(answers[10]).toBe("RATE_LIMITED");
    // Another address still gets its answer.
    await expect(webServerFor("198.51.100.4").invitations.preview({ token: "y".repeat(43) })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("dev outbox switch", () => {
  it("is off in production unless DEV_OUTBOX=true", async () => {
    const prod = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET, NODE_ENV: "production" } });
    const asWeb = (api: TestApi) =>
      callerOf(api, null, { headers: { "x-internal-secret": SECRET }, requestId: "outbox-01" });
    try {
      await expect(asWeb(prod).dev.outbox()).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await prod.close();
    }
    const e2e = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET, NODE_ENV: "production", DEV_OUTBOX: "true" } });
    try {
      await expect(asWeb(e2e).dev.outbox()).resolves.toEqual([]);
    } finally {
      await e2e.close();
    }
  });
});
