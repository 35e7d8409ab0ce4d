import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor } from "./helpers/callers";
import { createUser } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "oauth-test-secret-0123456789abcdefgh";
let t: TestApi;
const webServer = () => callerFor(t, null, { headers: { "x-internal-secret": SECRET }, requestId: "oauth-req-01" });
const profile = (over: Partial<{ providerAccountId: string; email: string; emailVerified: boolean }>) => ({
  provider: "github" as const,
  providerAccountId: "gh-1",
  email: "octo@oauth.test",
  emailVerified: true,
  name: "Octo Cat",
  origin: { ip: "203.0.113.9", userAgent: "vitest" },
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

  it("links a provider account to an existing user by verified email", async () => {
    const existing = await createUser(t, "linked@oauth.test", "Linked");
    const result = await webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-2", email: "linked@oauth.test" }));
    expect(result).toMatchObject({ outcome: "linked", userId: existing });
    expect(await t.api.deps.prisma.oAuthAccount.count({ where: { userId: existing } })).toBe(1);
  });

  it("never links an unverified email to an existing account", async () => {
    await createUser(t, "victim@oauth.test", "Victim");
    await expect(
      webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-3", email: "victim@oauth.test", emailVerified: false })),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await t.api.deps.prisma.oAuthAccount.count({ where: { providerAccountId: "gh-3" } })).toBe(0);
  });

  it("is not callable without the web server's secret", async () => {
    const browser = callerFor(t, null, { requestId: "oauth-req-02" });
    await expect(browser.auth.oauthSignIn(profile({ providerAccountId: "gh-4" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
