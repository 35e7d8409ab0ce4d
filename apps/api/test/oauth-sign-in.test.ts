import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app-router";
import { createContext } from "../src/trpc/context";
import { createCallerFactory } from "../src/trpc/trpc";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "oauth-test-secret-0123456789abcdefgh";
let t: TestApi;
const createCaller = createCallerFactory(appRouter);
const webServer = () =>
  createCaller(createContext({ deps: t.api.deps, headers: new Headers({ "x-internal-secret": SECRET }), requestId: "oauth-req-01", ip: "127.0.0.1" }));
const profile = (
  over: Partial<{ provider: "github" | "google" | "oidc"; providerAccountId: string; email: string; emailVerified: boolean }>,
) => ({
  provider: "github" as "github" | "google" | "oidc",
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
    const existing = await t.prisma.user.create({
      data: { email: "linked@oauth.test", name: "Linked", emailVerifiedAt: new Date() },
    });
    const result = await webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-2", email: "linked@oauth.test" }));
    expect(result).toMatchObject({ outcome: "linked", userId: existing.id });
    expect(await t.prisma.oAuthAccount.count({ where: { userId: existing.id } })).toBe(1);
  });

  it("never links an email the provider did not verify to an existing account", async () => {
    await t.prisma.user.create({ data: { email: "victim@oauth.test", name: "Victim", emailVerifiedAt: new Date() } });
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
      .then(() => null, (error: { code: string; message: string; cause?: { details?: { reason?: string } } }) => error);
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
    const browser = createCaller(createContext({ deps: t.api.deps, headers: new Headers(), requestId: "oauth-req-02", ip: "127.0.0.1" }));
    await expect(browser.auth.oauthSignIn(profile({ providerAccountId: "gh-4" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
