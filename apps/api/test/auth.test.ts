import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "test-internal-secret-0123456789abcdef";
const PASSWORD = "violet-otter-bicycle-42";

let t: TestApi;
let base: string;

beforeAll(async () => {
  t = await startTestApi({
    env: { INTERNAL_API_SECRET: SECRET },
    rateLimitOverrides: { auth: { points: 6 }, authAccount: { points: 4 } },
  });
  base = await t.listen();
});
afterAll(() => t.close());

interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: { result?: { data: T }; error?: { message: string; data: { code: string; httpStatus: number } } };
}

/** One tRPC call over HTTP; GET for queries (no input), POST for mutations. */
async function call<T = unknown>(
  path: string,
  options: { input?: unknown; headers?: Record<string, string>; query?: boolean } = {},
): Promise<Reply<T>> {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: options.query ? "GET" : "POST",
    headers: { "content-type": "application/json", ...options.headers },
    ...(options.query ? {} : { body: JSON.stringify(options.input ?? null) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Reply<T>["body"] };
}

const internal = (ip: string) => ({ "x-internal-secret": SECRET, "x-forwarded-for": ip });
const asSession = (sessionId: string) => ({ "x-internal-secret": SECRET, "x-agency-session": sessionId });
let ipCounter = 10;
const freshIp = () => `198.51.100.${ipCounter++}`;

async function signUp(email: string, ip = freshIp()) {
  const reply = await call<{ userId: string; sessionId: string }>("auth.signUp", {
    input: { email, name: "Test User", password: PASSWORD, origin: { ip, userAgent: "vitest" } },
    headers: internal(ip),
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.result!.data;
}

async function signIn(email: string, password: string, ip = freshIp()) {
  return call<{ userId: string; sessionId: string }>("auth.signIn", {
    input: { email, password, origin: { ip, userAgent: "vitest" } },
    headers: internal(ip),
  });
}

describe("internal auth procedures", () => {
  it("do not exist for callers without the web server's secret", async () => {
    const input = { email: "x@y.test", password: PASSWORD, origin: {} };
    expect((await call("auth.signIn", { input })).status).toBe(404);
    expect((await call("auth.signIn", { input, headers: { "x-internal-secret": "wrong-secret-wrong-secret-wrong!!" } })).status).toBe(404);
  });

  it("are refused to a browser's forwarded session, even though the proxy adds the secret", async () => {
    const { sessionId } = await signUp("forwarded@example.test");
    const viaProxy = await call("auth.oauthSignIn", {
      input: { provider: "oidc", providerAccountId: "x", email: "forwarded@example.test", emailVerified: true, origin: {} },
      headers: asSession(sessionId),
    });
    expect(viaProxy.status).toBe(404);
    expect((await call("dev.outbox", { query: true, headers: asSession(sessionId) })).status).toBe(404);
  });

  it("sign-up opens a session the API then trusts, only together with the secret", async () => {
    const { userId, sessionId } = await signUp("ada@example.test");
    const me = await call<{ id: string; email: string }>("account.me", { query: true, headers: asSession(sessionId) });
    expect(me.body.result?.data).toMatchObject({ id: userId, email: "ada@example.test" });
    const forged = await call("account.me", { query: true, headers: { "x-agency-session": sessionId } });
    expect(forged.status).toBe(401);
  });

  it("refuses a second account for the same email (any case) with 409", async () => {
    await signUp("grace@example.test");
    const again = await call("auth.signUp", {
      input: { email: "Grace@Example.TEST", name: "G", password: PASSWORD, origin: {} },
      headers: internal(freshIp()),
    });
    expect(again.status).toBe(409);
    expect(again.body.error?.data.code).toBe("CONFLICT");
  });

  it("applies the password policy with a clear message", async () => {
    const weak = await call("auth.signUp", {
      input: { email: "weak@example.test", name: "W", password: "password123", origin: {} },
      headers: internal(freshIp()),
    });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).toContain("This password is too common");
  });

  it("answers an unknown email and a wrong password identically, and audits both", async () => {
    const { userId } = await signUp("linus@example.test");
    const wrong = await signIn("linus@example.test", "not-the-password");
    const unknown = await signIn("nobody@example.test", "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error?.message).toBe(unknown.body.error?.message);
    const failures = await t.api.deps.prisma.auditLog.findMany({ where: { action: "auth.sign_in.failed" } });
    expect(failures.map((f) => f.metadata)).toEqual(expect.arrayContaining([{ reason: "wrong_password" }, { reason: "unknown_email" }]));
    expect(failures.find((f) => (f.metadata as { reason: string }).reason === "wrong_password")?.targetId).toBe(userId);
    expect(JSON.stringify(failures, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("nobody@example.test");
  });

  it("signs in with the right password and records the success", async () => {
    const { userId } = await signUp("margaret@example.test");
    const ok = await signIn("margaret@example.test", PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.result?.data.userId).toBe(userId);
    expect(await t.api.deps.prisma.auditLog.count({ where: { action: "auth.sign_in.succeeded", actorUserId: userId } })).toBe(1);
  });
});

describe("brute-force protection", () => {
  it("limits sign-in attempts per IP: 429 with Retry-After, audited", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(`guess${i}@example.test`, "wrong-password-x", ip)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const refused = await signIn("guess@example.test", "wrong-password-x", ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await t.api.deps.prisma.auditLog.count({ where: { action: "auth.sign_in.rate_limited", ip } })).toBe(2);
  });

  it("limits attempts against one account from many IPs", async () => {
    await signUp("target@example.test");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn("target@example.test", "wrong-password-y")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});

describe("sessions", () => {
  it("lists the user's sessions, flags the current one, and revokes another at once", async () => {
    const { sessionId: first } = await signUp("katherine@example.test");
    const second = (await signIn("katherine@example.test", PASSWORD)).body.result!.data.sessionId;
    const list = await call<{ id: string; current: boolean }[]>("account.sessions", { query: true, headers: asSession(first) });
    expect(list.body.result?.data.map((s) => [s.id, s.current]).sort()).toEqual([[first, true], [second, false]].sort());

    expect((await call("account.revokeSession", { input: { sessionId: second }, headers: asSession(first) })).status).toBe(200);
    expect((await call("account.me", { query: true, headers: asSession(second) })).status).toBe(401);
    expect((await call("account.me", { query: true, headers: asSession(first) })).status).toBe(200);
  });

  it("cannot revoke another user's session (looks like a missing one)", async () => {
    const { sessionId: mine } = await signUp("alan@example.test");
    const { sessionId: theirs } = await signUp("joan@example.test");
    const attempt = await call("account.revokeSession", { input: { sessionId: theirs }, headers: asSession(mine) });
    expect(attempt.status).toBe(404);
    expect((await call("account.me", { query: true, headers: asSession(theirs) })).status).toBe(200);
  });

  it("sign out everywhere ends every session, this one included", async () => {
    const { sessionId: a } = await signUp("barbara@example.test");
    const b = (await signIn("barbara@example.test", PASSWORD)).body.result!.data.sessionId;
    const reply = await call<{ revoked: number }>("account.signOutEverywhere", { headers: asSession(a) });
    expect(reply.body.result?.data.revoked).toBe(2);
    for (const id of [a, b]) expect((await call("account.me", { query: true, headers: asSession(id) })).status).toBe(401);
  });

  it("sign out ends this session only", async () => {
    const { sessionId: a } = await signUp("edsger@example.test");
    const b = (await signIn("edsger@example.test", PASSWORD)).body.result!.data.sessionId;
    expect((await call("auth.signOut", { headers: asSession(a) })).body.result?.data).toEqual({ signedOut: true });
    expect((await call("account.me", { query: true, headers: asSession(a) })).status).toBe(401);
    expect((await call("account.me", { query: true, headers: asSession(b) })).status).toBe(200);
  });

  it("an expired session is refused", async () => {
    const { sessionId } = await signUp("john@example.test");
    await t.api.deps.prisma.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call("account.me", { query: true, headers: asSession(sessionId) })).status).toBe(401);
  });
});

describe("cross-site protection", () => {
  it("refuses a signed-in mutation sent from a foreign origin; allowlisted and server-side calls pass", async () => {
    const { sessionId } = await signUp("csrf@example.test");
    const input = { input: { name: "Changed" } };
    const evil = await call("account.updateProfile", { ...input, headers: { ...asSession(sessionId), origin: "https://evil.test" } });
    expect(evil.status).toBe(403);
    const allowed = await call("account.updateProfile", { ...input, headers: { ...asSession(sessionId), origin: "http://allowed.test" } });
    expect(allowed.status).toBe(200);
    const serverSide = await call("account.updateProfile", { ...input, headers: asSession(sessionId) });
    expect(serverSide.status).toBe(200);
  });
});

describe("profile", () => {
  it("updates the display name, validated and audited", async () => {
    const { userId, sessionId } = await signUp("rename-me@example.test");
    const bad = await call("account.updateProfile", { input: { name: "   " }, headers: asSession(sessionId) });
    expect(bad.status).toBe(400);
    const ok = await call<{ name: string }>("account.updateProfile", { input: { name: "New Name" }, headers: asSession(sessionId) });
    expect(ok.body.result?.data.name).toBe("New Name");
    const audit = await t.api.deps.prisma.auditLog.findFirst({ where: { action: "account.updated", actorUserId: userId } });
    expect(audit?.metadata).toEqual({ name: { before: "Test User", after: "New Name" } });
  });
});

describe("password change", () => {
  it("needs the current password, then revokes every other session", async () => {
    const { sessionId: here } = await signUp("hedy@example.test");
    const elsewhere = (await signIn("hedy@example.test", PASSWORD)).body.result!.data.sessionId;
    const wrong = await call("account.changePassword", {
      input: { currentPassword: "nope-nope-nope", newPassword: "amber-walrus-piano-77" },
      headers: asSession(here),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.message).toBe("The current password is incorrect.");

    const changed = await call<{ otherSessionsRevoked: number }>("account.changePassword", {
      input: { currentPassword: PASSWORD, newPassword: "amber-walrus-piano-77" },
      headers: asSession(here),
    });
    expect(changed.body.result?.data).toEqual({ otherSessionsRevoked: 1 });
    expect((await call("account.me", { query: true, headers: asSession(elsewhere) })).status).toBe(401);
    expect((await call("account.me", { query: true, headers: asSession(here) })).status).toBe(200);
    expect((await signIn("hedy@example.test", PASSWORD)).status).toBe(401);
    expect((await signIn("hedy@example.test", "amber-walrus-piano-77")).status).toBe(200);
    const user = await t.api.deps.prisma.user.findUniqueOrThrow({ where: { email: "hedy@example.test" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
