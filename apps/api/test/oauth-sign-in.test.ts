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
    const existing = await t.api.deps.prisma.user.create({ data: { email: "linked@oauth.test", name: "Linked" } });
    const result = await webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-2", email: "linked@oauth.test" }));
    expect(result).toMatchObject({ outcome: "linked", userId: existing.id });
    expect(await t.api.deps.prisma.oAuthAccount.count({ where: { userId: existing.id } })).toBe(1);
  });

  it("never links an unverified email to an existing account", async () => {
    await t.api.deps.prisma.user.create({ data: { email: "victim@oauth.test", name: "Victim" } });
    await expect(
      webServer().auth.oauthSignIn(profile({ providerAccountId: "gh-3", email: "victim@oauth.test", emailVerified: false })),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await t.api.deps.prisma.oAuthAccount.count({ where: { providerAccountId: "gh-3" } })).toBe(0);
  });

  it("is not callable without the web server's secret", async () => {
    const browser = createCaller(createContext({ deps: t.api.deps, headers: new Headers(), requestId: "oauth-req-02", ip: "127.0.0.1" }));
    await expect(browser.auth.oauthSignIn(profile({ providerAccountId: "gh-4" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
