import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers/test-api";

const SECRET = "test-internal-secret-0123456789abcdef";
const PASSWORD = "violet-otter-bicycle-42";

let t: TestApi;
let base: string;

beforeAll(async () => {
  t = await startTestApi({
    env: { INTERNAL_API_SECRET: SECRET, APP_URL: "https://app.example.test" },
    rateLimitOverrides: { auth: { points: 6 }, authAccount: { points: 4 }, authDevice: { points: 3 }, authMail: { points: 2 } },
  });
  base = await t.listen();
});
afterAll(() => t.close());

interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: {
    result?: { data: T };
    error?: { message: string; details?: Record<string, unknown>; data: { code: string; httpStatus: number } };
  };
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

/** The web server's own call on behalf of a browser at `ip` (x-agency-client-ip is trusted only with the secret). */
const internal = (ip: string) => ({ "x-internal-secret": SECRET, "x-agency-client-ip": ip, "user-agent": "vitest-browser" });
/** A signed-in browser's call through the web proxy (which sends the session and the browser's address). */
let sessionIp = 1;
const asSession = (sessionId: string) => ({
  "x-internal-secret": SECRET,
  "x-agency-session": sessionId,
  "x-agency-client-ip": `203.0.113.${sessionIp++ % 200}`,
});
let ipCounter = 10;
const freshIp = () => `198.51.100.${ipCounter++}`;

interface Mail {
  to: string;
  subject: string;
  text: string;
}
/** The dev outbox, newest first, as the web server reads it. */
async function mails(to?: string): Promise<Mail[]> {
  const reply = await call<Mail[]>("dev.outbox", { query: true, headers: { "x-internal-secret": SECRET } });
  return (reply.body.result?.data ?? []).filter((m) => !to || m.to === to);
}
/** The token of the newest link of `kind` mailed to `email`. */
async function linkToken(email: string, kind: "verify-email" | "reset-password") {
  for (const mail of await mails(email)) {
    const match = mail.text.match(new RegExp(`/${kind}/([A-Za-z0-9_-]+)`));
    if (match) return match[1]!;
  }
  throw new Error(`no ${kind} link mailed to ${email}`);
}

async function signUp(email: string, ip = freshIp()) {
  const reply = await call<{ status: string }>("auth.signUp", {
    input: { email, name: "Test User", password: PASSWORD },
    headers: internal(ip),
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply;
}

type Opened = { userId: string; sessionId: string; deviceToken: string };
async function signIn(email: string, password: string, options: { ip?: string; deviceToken?: string } = {}) {
  return call<Opened>("auth.signIn", {
    input: { email, password, ...(options.deviceToken ? { deviceToken: options.deviceToken } : {}) },
    headers: internal(options.ip ?? freshIp()),
  });
}

/** A new account, signed in (unverified accounts may sign in). */
async function account(email: string): Promise<Opened> {
  await signUp(email);
  const reply = await signIn(email, PASSWORD);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.result!.data;
}

describe("internal auth procedures", () => {
  it("do not exist for callers without the web server's secret", async () => {
    const input = { email: "x@y.test", password: PASSWORD };
    expect((await call("auth.signIn", { input })).status).toBe(404);
    expect((await call("auth.signIn", { input, headers: { "x-internal-secret": "wrong-secret-wrong-secret-wrong!!" } })).status).toBe(404);
  });

  it("are refused to a browser's forwarded session, even though the proxy adds the secret", async () => {
    const { sessionId } = await account("forwarded@example.test");
    const viaProxy = await call("auth.oauthSignIn", {
      input: { provider: "oidc", providerAccountId: "x", email: "forwarded@example.test", emailVerified: true },
      headers: asSession(sessionId),
    });
    expect(viaProxy.status).toBe(404);
    expect((await call("dev.outbox", { query: true, headers: asSession(sessionId) })).status).toBe(404);
    // A signed-out browser's call through the proxy carries the secret too, marked as proxied.
    const signedOut = { "x-internal-secret": SECRET, "x-agency-proxied": "1", "x-agency-client-ip": freshIp() };
    expect((await call("auth.signIn", { input: { email: "forwarded@example.test", password: PASSWORD }, headers: signedOut })).status).toBe(404);
    expect((await call("dev.outbox", { query: true, headers: signedOut })).status).toBe(404);
  });

  it("a session is trusted only together with the secret", async () => {
    const { userId, sessionId } = await account("ada@example.test");
    const me = await call<{ id: string; email: string }>("account.me", { query: true, headers: asSession(sessionId) });
    expect(me.body.result?.data).toMatchObject({ id: userId, email: "ada@example.test", emailVerified: false });
    const forged = await call("account.me", { query: true, headers: { "x-agency-session": sessionId } });
    expect(forged.status).toBe(401);
  });

  it("applies the password policy with a clear message", async () => {
    const weak = await call("auth.signUp", {
      input: { email: "weak@example.test", name: "W", password: "password123" },
      headers: internal(freshIp()),
    });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).toContain("This password is too common");
  });
});

describe("sign-up without enumeration, with email verification", () => {
  it("answers a new and an existing email identically, opens no session, and mails each owner what fits", async () => {
    const first = await signUp("grace@example.test");
    const again = await signUp("Grace@Example.TEST");
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(first.body.result?.data).toEqual({ status: "check_email" });
    // One account; its owner got a verification link first, then a notice about the second try.
    expect(await t.prisma.user.count({ where: { email: "grace@example.test" } })).toBe(1);
    const [notice, verification] = await mails("grace@example.test");
    expect(verification?.subject).toBe("Confirm your email for Agency OS");
    expect(verification?.text).toMatch(/https:\/\/app\.example\.test\/verify-email\/[A-Za-z0-9_-]{20,}/);
    expect(notice?.subject).toBe("You already have an Agency OS account");
    expect(notice?.text).toContain("https://app.example.test/forgot-password");
    expect(notice?.text).not.toMatch(/verify-email/);
  });

  it("a verification link verifies the email once; a used or unknown link is refused", async () => {
    const { sessionId, userId } = await account("linus@example.test");
    const token = await linkToken("linus@example.test", "verify-email");
    const verified = await call("auth.verifyEmail", { input: { token }, headers: internal(freshIp()) });
    expect(verified.status).toBe(200);
    const me = await call<{ emailVerified: boolean }>("account.me", { query: true, headers: asSession(sessionId) });
    expect(me.body.result?.data.emailVerified).toBe(true);
    expect((await call("auth.verifyEmail", { input: { token }, headers: internal(freshIp()) })).status).toBe(404);
    expect((await call("auth.verifyEmail", { input: { token: "x".repeat(43) }, headers: internal(freshIp()) })).status).toBe(404);
    expect(await t.prisma.auditLog.count({ where: { action: "auth.email.verified", actorUserId: userId } })).toBe(1);
    const stored = await t.prisma.emailToken.findMany({ where: { userId } });
    expect(stored.every((row) => !row.tokenHash.includes(token) && /^[0-9a-f]{64}$/.test(row.tokenHash))).toBe(true);
  });

  it("an expired link is refused, and a fresh one (resend) works", async () => {
    const { sessionId } = await account("expiry@example.test");
    const stale = await linkToken("expiry@example.test", "verify-email");
    await t.prisma.emailToken.updateMany({
      where: { email: "expiry@example.test" },
      data: { createdAt: new Date(Date.now() - 3 * 86_400_000), expiresAt: new Date(Date.now() - 86_400_000) },
    });
    expect((await call("auth.verifyEmail", { input: { token: stale }, headers: internal(freshIp()) })).status).toBe(404);
    const resent = await call<{ sent: boolean }>("account.resendVerification", { headers: asSession(sessionId) });
    expect(resent.body.result?.data).toEqual({ sent: true, alreadyVerified: false });
    const fresh = await linkToken("expiry@example.test", "verify-email");
    expect(fresh).not.toBe(stale);
    expect((await call("auth.verifyEmail", { input: { token: fresh }, headers: internal(freshIp()) })).status).toBe(200);
    const after = await call<{ alreadyVerified: boolean }>("account.resendVerification", { headers: asSession(sessionId) });
    expect(after.body.result?.data).toEqual({ sent: false, alreadyVerified: true });
  });

  it("stops mailing one address past its budget but still answers the same", async () => {
    await signUp("bombed@example.test"); // verification (1 of 2)
    await signUp("bombed@example.test"); // notice (2 of 2)
    const third = await signUp("bombed@example.test");
    expect(third.body.result?.data).toEqual({ status: "check_email" });
    expect(await mails("bombed@example.test")).toHaveLength(2);
  });
});

describe("sign-in", () => {
  it("answers an unknown email and a wrong password identically, and audits both", async () => {
    const { userId } = await account("margaret@example.test");
    const wrong = await signIn("margaret@example.test", "not-the-password");
    const unknown = await signIn("nobody@example.test", "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error?.message).toBe(unknown.body.error?.message);
    const failures = await t.prisma.auditLog.findMany({ where: { action: "auth.sign_in.failed" } });
    const reasons = failures.map((f) => (f.metadata as { reason: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(["wrong_password", "unknown_email"]));
    expect(failures.find((f) => (f.metadata as { reason: string }).reason === "wrong_password")?.targetId).toBe(userId);
    expect(JSON.stringify(failures, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("nobody@example.test");
  });

  it("signs in with the right password, records where from, and hands out a device token", async () => {
    await signUp("katherine@example.test");
    const ok = await signIn("katherine@example.test", PASSWORD, { ip: "203.0.113.77" });
    expect(ok.status).toBe(200);
    const { userId, sessionId, deviceToken } = ok.body.result!.data;
    expect(deviceToken).toMatch(/^d1\./);
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session).toMatchObject({ ip: "203.0.113.77", userAgent: "vitest-browser" });
    expect(await t.prisma.auditLog.count({ where: { action: "auth.sign_in.succeeded", actorUserId: userId, ip: "203.0.113.77" } })).toBe(1);
  });
});

describe("the client address is not forgeable", () => {
  it("ignores X-Forwarded-For and an x-agency-client-ip sent without the internal secret", async () => {
    await signUp("spoof@example.test");
    const headers = { "x-internal-secret": SECRET, "x-forwarded-for": "192.0.2.1" };
    const viaXff = await call<Opened>("auth.signIn", { input: { email: "spoof@example.test", password: PASSWORD }, headers });
    expect(viaXff.status).toBe(200);
    const session = await t.prisma.session.findUniqueOrThrow({ where: { id: viaXff.body.result!.data.sessionId } });
    expect(session.ip).toBe("127.0.0.1");

    // Without the secret the header is nobody's word: rotating it does not buy new budgets.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const reply = await fetch(`${base}/trpc/system.echo`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-agency-client-ip": `192.0.2.${i}`, "x-forwarded-for": `192.0.2.${i}` },
        body: JSON.stringify({ message: "hi" }),
      });
      statuses.push(Number(reply.headers.get("ratelimit-remaining")));
    }
    expect(statuses).toEqual([...statuses].sort((a, b) => b - a));
    expect(new Set(statuses).size).toBe(statuses.length);
  });
});

describe("brute-force protection without lockout", () => {
  it("limits sign-in attempts per client address: 429 with Retry-After, before any work", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(`guess${i}@example.test`, "wrong-password-x", { ip })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const refused = await signIn("guess@example.test", "wrong-password-x", { ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.error?.data.code).toBe("RATE_LIMITED");
  });

  it("a stranger who spends an account's budget from many addresses cannot lock its owner out of a known browser", async () => {
    await signUp("target@example.test");
    const known = (await signIn("target@example.test", PASSWORD)).body.result!.data.deviceToken;
    // The attacker rotates addresses (each has budget left) and has no device token.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn("target@example.test", "wrong-password-y")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // Untrusted clients stay refused, even with the right password…
    const untrusted = await signIn("target@example.test", PASSWORD);
    expect(untrusted.status).toBe(429);
    expect(Number(untrusted.headers.get("retry-after"))).toBeGreaterThan(0);
    // …but the owner's browser, which signed in before, still gets in.
    const owner = await signIn("target@example.test", PASSWORD, { deviceToken: known });
    expect(owner.status).toBe(200);
    expect(owner.body.result?.data.deviceToken).toBe(known);
    expect(await t.prisma.auditLog.count({ where: { action: "auth.sign_in.rate_limited" } })).toBeGreaterThan(0);
  });

  it("a device token counts its own failures, and a forged or foreign one is just untrusted", async () => {
    await signUp("device@example.test");
    const { deviceToken } = (await signIn("device@example.test", PASSWORD)).body.result!.data;
    const other = await account("other-device@example.test");
    for (let i = 0; i < 3; i++) expect((await signIn("device@example.test", "wrong", { deviceToken })).status).toBe(401);
    expect((await signIn("device@example.test", PASSWORD, { deviceToken })).status).toBe(429);
    // Someone else's token, or a tampered one, is no key: the account's (untouched) budget applies.
    const tampered = `${deviceToken.slice(0, -2)}xx`;
    expect((await signIn("device@example.test", PASSWORD, { deviceToken: other.deviceToken })).status).toBe(200);
    expect((await signIn("device@example.test", PASSWORD, { deviceToken: tampered })).status).toBe(200);
  });
});

describe("password reset", () => {
  it("answers the same whether or not the email has an account, and mails only an owner", async () => {
    await signUp("reset-me@example.test");
    const known = await call("auth.requestPasswordReset", { input: { email: "reset-me@example.test" }, headers: internal(freshIp()) });
    const unknown = await call("auth.requestPasswordReset", { input: { email: "ghost@example.test" }, headers: internal(freshIp()) });
    expect(known.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    expect((await mails("reset-me@example.test")).some((m) => m.subject === "Reset your Agency OS password")).toBe(true);
    expect(await mails("ghost@example.test")).toEqual([]);
  });

  it("sets a new password under the policy, signs every device out, verifies the email, once", async () => {
    const { userId, sessionId } = await account("alan@example.test");
    const second = (await signIn("alan@example.test", PASSWORD)).body.result!.data.sessionId;
    await call("auth.requestPasswordReset", { input: { email: "alan@example.test" }, headers: internal(freshIp()) });
    const token = await linkToken("alan@example.test", "reset-password");

    const weak = await call("auth.resetPassword", { input: { token, password: "password123" }, headers: internal(freshIp()) });
    expect(weak.status).toBe(400);
    const reset = await call<{ reset: true; deviceToken: string }>("auth.resetPassword", {
      input: { token, password: "amber-walrus-piano-77" },
      headers: internal(freshIp()),
    });
    expect(reset.status).toBe(200);
    expect(reset.body.result?.data.deviceToken).toMatch(/^d1\./);
    for (const id of [sessionId, second]) expect((await call("account.me", { query: true, headers: asSession(id) })).status).toBe(401);
    expect((await signIn("alan@example.test", PASSWORD)).status).toBe(401);
    expect((await signIn("alan@example.test", "amber-walrus-piano-77")).status).toBe(200);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt).not.toBeNull();
    const again = await call("auth.resetPassword", { input: { token, password: "another-long-phrase-99" }, headers: internal(freshIp()) });
    expect(again.status).toBe(404);
    expect(await t.prisma.auditLog.count({ where: { action: "auth.password.reset", actorUserId: userId } })).toBe(1);
  });

  it("an expired reset link is refused", async () => {
    await signUp("late@example.test");
    await call("auth.requestPasswordReset", { input: { email: "late@example.test" }, headers: internal(freshIp()) });
    const token = await linkToken("late@example.test", "reset-password");
    await t.prisma.emailToken.updateMany({
      where: { email: "late@example.test", purpose: "reset_password" },
      data: { createdAt: new Date(Date.now() - 7_200_000), expiresAt: new Date(Date.now() - 3_600_000) },
    });
    expect((await call("auth.resetPassword", { input: { token, password: "amber-walrus-piano-77" }, headers: internal(freshIp()) })).status).toBe(404);
  });
});

describe("sessions", () => {
  it("lists the user's sessions, flags the current one, and revokes another at once", async () => {
    const { sessionId: first } = await account("barbara@example.test");
    const second = (await signIn("barbara@example.test", PASSWORD)).body.result!.data.sessionId;
    const list = await call<{ id: string; current: boolean }[]>("account.sessions", { query: true, headers: asSession(first) });
    expect(list.body.result?.data.map((s) => [s.id, s.current]).sort()).toEqual([[first, true], [second, false]].sort());

    expect((await call("account.revokeSession", { input: { sessionId: second }, headers: asSession(first) })).status).toBe(200);
    expect((await call("account.me", { query: true, headers: asSession(second) })).status).toBe(401);
    expect((await call("account.me", { query: true, headers: asSession(first) })).status).toBe(200);
  });

  it("cannot revoke another user's session (looks like a missing one)", async () => {
    const { sessionId: mine } = await account("edsger@example.test");
    const { sessionId: theirs } = await account("joan@example.test");
    const attempt = await call("account.revokeSession", { input: { sessionId: theirs }, headers: asSession(mine) });
    expect(attempt.status).toBe(404);
    expect((await call("account.me", { query: true, headers: asSession(theirs) })).status).toBe(200);
  });

  it("sign out everywhere ends every session, this one included", async () => {
    const { sessionId: a } = await account("john@example.test");
    const b = (await signIn("john@example.test", PASSWORD)).body.result!.data.sessionId;
    const reply = await call<{ revoked: number }>("account.signOutEverywhere", { headers: asSession(a) });
    expect(reply.body.result?.data.revoked).toBe(2);
    for (const id of [a, b]) expect((await call("account.me", { query: true, headers: asSession(id) })).status).toBe(401);
  });

  it("sign out ends this session only", async () => {
    const { sessionId: a } = await account("hopper@example.test");
    const b = (await signIn("hopper@example.test", PASSWORD)).body.result!.data.sessionId;
    expect((await call("auth.signOut", { headers: asSession(a) })).body.result?.data).toEqual({ signedOut: true });
    expect((await call("account.me", { query: true, headers: asSession(a) })).status).toBe(401);
    expect((await call("account.me", { query: true, headers: asSession(b) })).status).toBe(200);
  });

  it("an expired session is refused", async () => {
    const { sessionId } = await account("expired@example.test");
    await t.prisma.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call("account.me", { query: true, headers: asSession(sessionId) })).status).toBe(401);
  });
});

describe("cross-site protection", () => {
  it("refuses a signed-in mutation sent from a foreign origin; allowlisted and server-side calls pass", async () => {
    const { sessionId } = await account("csrf@example.test");
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
    const { userId, sessionId } = await account("rename-me@example.test");
    const bad = await call("account.updateProfile", { input: { name: "   " }, headers: asSession(sessionId) });
    expect(bad.status).toBe(400);
    const ok = await call<{ name: string }>("account.updateProfile", { input: { name: "New Name" }, headers: asSession(sessionId) });
    expect(ok.body.result?.data.name).toBe("New Name");
    const audit = await t.prisma.auditLog.findFirst({ where: { action: "account.updated", actorUserId: userId } });
    expect(audit?.metadata).toEqual({ name: { before: "Test User", after: "New Name" } });
  });
});

describe("password change", () => {
  it("needs the current password, then revokes every other session", async () => {
    const { sessionId: here } = await account("hedy@example.test");
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
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "hedy@example.test" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
