import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor } from "./helpers/callers";
import { createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "oauth-test-secret-0123456789abcdefgh";
let t: TestApi;
const webServer = () => callerFor(t, null, { headers: { "x-internal-secret": SECRET }, requestId: "oauth-req-01" });
type Provider = "github" | "google" | "oidc";
const profile = (over: Partial<{ provider: Provider; providerAccountId: string; email: string; emailVerified: boolean }>) => ({
  provider: "github" as Provider,
  providerAccountId: "gh-1",
  email: "octo@oauth.test",
  emailVerified: true,
  name: "Octo Cat",
  ...over,
});

beforeAll(async () => {
  t = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET } });
});
afterAll(() => t.close());

describe("OAuth sign-in (internal)", () => {
  it("creates a user on first sign-in, then signs the same provider account into it", async () => {
    const first = await webServer().auth.oauthSignIn(profile({}));
    expect(first.outcome).toBe("created");
    const again = await webServer().auth.oauthSignIn(profile({ email: "renamed@oauth.test" }));
    expect(again).toMatchObject({ outcome: "signed_in", userId: first.userId });
    expect(again.sessionId).not.toBe(first.sessionId);
  });

  it("links a provider account to an existing user when both sides verified the email", async () => {
    const existing = await createUser(t, "linked@oauth.test", "Linked");
    const result = await webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-2", email: "linked@oauth.test" }));
    expect(result).toMatchObject({ outcome: "linked", userId: existing });
    expect(await t.prisma.oAuthAccount.count({ where: { userId: existing } })).toBe(1);
  });

  it("never links an email the provider did not verify to an existing account", async () => {
    await createUser(t, "victim@oauth.test", "Victim");
    await expect(
      webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-3", email: "victim@oauth.test", emailVerified: false })),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await t.prisma.oAuthAccount.count({ where: { providerAccountId: "gh-3" } })).toBe(0);
  });

  it("refuses to link (or take over) an account whose owner never verified its email: account pre-hijacking", async () => {
    // The attacker signs up first with the victim's address and a password of their own…
    const squatter = await t.prisma.user.create({
      data: { email: "pre-hijack@oauth.test", name: "Squatter", passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c3F1YXR0ZXI$x" },
    });
    const squatterOrg = await t.prisma.organization.create({ data: { name: "Trap", slug: "trap" } });
    await t.prisma.membership.create({ data: { orgId: squatterOrg.id, userId: squatter.id, role: "owner" } });
    // …then the real owner signs in with a provider that verified the address.
    const refusal = await webServer()
      .auth.oauthSignIn(profile({ provider: "oidc", providerAccountId: "idp-victim", email: "pre-hijack@oauth.test" }))
      .then(
        () => null,
        (error: { code: string; message: string; cause?: { details?: { reason?: string } } }) => error,
      );
    expect(refusal).toMatchObject({ code: "FORBIDDEN" });
    expect(refusal?.message).toMatch(/has not confirmed its email/);
    expect(refusal?.cause?.details?.reason).toBe("account_unverified");
    // Nothing was linked, no session was opened for the squatter's account, and the attempt is audited.
    expect(await t.prisma.oAuthAccount.count({ where: { userId: squatter.id } })).toBe(0);
    expect(await t.prisma.session.count({ where: { userId: squatter.id } })).toBe(0);
    expect(await t.prisma.auditLog.count({ where: { action: "auth.oauth.link_refused", targetId: squatter.id } })).toBe(1);
  });

  it("creates a new account verified only when the provider verified the email", async () => {
    const verified = await webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-5", email: "fresh@oauth.test" }));
    const unverified = await webServer().auth.oauthSignIn(
      profile({ providerAccountId: "gh-6", email: "unsure@oauth.test", emailVerified: false }),
    );
    const users = await t.prisma.user.findMany({ where: { id: { in: [verified.userId, unverified.userId] } } });
    expect(Object.fromEntries(users.map((u) => [u.email, u.emailVerifiedAt !== null]))).toEqual({
      "fresh@oauth.test": true,
      "unsure@oauth.test": false,
    });
  });

  it("is not callable without the web server's secret", async () => {
    const browser = callerFor(t, null, { requestId: "oauth-req-02" });
    await expect(browser.auth.oauthSignIn(profile({ providerAccountId: "gh-4" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
