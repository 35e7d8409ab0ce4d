import { ALL_PERMISSIONS, roleSchema, type Role } from "@agency/validators";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app-router";
import type { ProcedureMeta } from "../src/trpc/trpc";
import {
  addMembers,
  bearer,
  createApiKey,
  createClient,
  createBilling,
  createComment,
  createIntegrations,
  createInvitation,
  createMemberPerRole,
  createProject,
  createSession,
  createTask,
  createUser,
  seedOrganization,
} from "./helpers/fixtures";
import { ORG_SAMPLE_INPUTS, type OrgSampleFixture } from "./helpers/sample-inputs";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * Default deny, checked by behaviour: every procedure of appRouter is called over real HTTP as
 * each kind of caller, and the guard is judged by its answer — not by the label its builder
 * stamps. A procedure whose guard is missing or weaker than its label fails here, and so does one
 * without a label, one without a sample input, or a new public procedure nobody listed below.
 */

const SECRET = "procedure-access-secret-0123456789abcdef";
const PASSWORD = "violet-otter-bicycle-42";

/** Procedures anyone may call. A new one must be added here on purpose (it has no guard at all). */
const PUBLIC_PROCEDURES = ["system.echo", "system.heartbeat", "system.status"];

type Access = ProcedureMeta["access"];
type ProcedureType = "query" | "mutation" | "subscription";
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta; type: ProcedureType } }>,
).map(([path, p]) => ({ path, access: p._def.meta?.access, permission: p._def.meta?.permission, type: p._def.type }));

interface Fixture extends OrgSampleFixture {
  /** A password account (created through auth.signUp) that auth.signIn signs in. */
  signInEmail: string;
  /** The signed-in caller: owner of an organization of its own, no member of `orgId`. */
  outsider: { userId: string; sessionId: string };
  /** Real link tokens from the dev outbox, so the internal caller's calls get past the guard. */
  verifyToken: string;
  resetToken: string;
  /** A key with every scope, of the outsider's organization. */
  foreignKey: string;
}

/** Valid inputs for the procedures that are not org-scoped (org ones: helpers/sample-inputs.ts). */
const NON_ORG_SAMPLE_INPUTS: Record<string, (f: Fixture) => unknown> = {
  "system.status": () => undefined,
  "system.heartbeat": () => undefined,
  "system.echo": () => ({ message: "hello" }),
  "auth.signUp": () => ({
    email: `new-${randomUUID()}@access.test`,
    name: "New",
    password: PASSWORD,
  }),
  "auth.signIn": (f) => ({ email: f.signInEmail, password: PASSWORD }),
  "auth.oauthSignIn": () => ({
    provider: "oidc",
    providerAccountId: randomUUID(),
    email: `oauth-${randomUUID()}@access.test`,
    emailVerified: true,
  }),
  "auth.signOut": () => undefined,
  "account.me": () => undefined,
  "account.updateProfile": () => ({ name: "Renamed" }),
  "account.sessions": () => undefined,
  "account.revokeSession": () => ({ sessionId: randomUUID() }),
  "account.signOutEverywhere": () => undefined,
  "account.changePassword": () => ({ currentPassword: PASSWORD, newPassword: "indigo-heron-lantern-77" }),
  "organizations.create": () => ({ name: "Another agency" }),
  "organizations.mine": () => undefined,
  "invitations.accept": () => ({ token: "a".repeat(40) }),
  "dev.outbox": () => undefined,
  "auth.verifyEmail": (f) => ({ token: f.verifyToken }),
  "auth.requestPasswordReset": () => ({ email: `reset-${randomUUID()}@access.test` }),
  "auth.resetPassword": (f) => ({ token: f.resetToken, password: "indigo-heron-lantern-77" }),
  "account.resendVerification": () => undefined,
};

const sampleInput = (path: string, f: Fixture) =>
  ORG_SAMPLE_INPUTS[path] ? ORG_SAMPLE_INPUTS[path](f, null) : NON_ORG_SAMPLE_INPUTS[path]?.(f);

/**
 * anonymous: no credentials. internal: the web server's own call (secret, no session).
 * non-member: a signed-in user (secret + session, as the web proxy forwards it) calling for an
 * organization they do not belong to. foreign API key: a key with every scope of another
 * organization (keys act only in their own; they have no account and never reach internal ones).
 */
type CallerKind = "anonymous" | "internal" | "non-member" | "foreign API key";
const CALLERS: CallerKind[] = ["anonymous", "internal", "non-member", "foreign API key"];

/**
 * What the guard must answer: a refusal status, or "passes" (any answer but a refusal or a 5xx);
 * "undeclared" for a procedure without an access level, which fails its cases.
 */
function guardAnswer(access: Access | undefined, caller: CallerKind): 401 | 403 | 404 | "passes" | "undeclared" {
  switch (access) {
    case "public":
      return "passes";
    case "internal":
      // Anyone but the web server itself is told the procedure does not exist.
      return caller === "internal" ? "passes" : 404;
    case "authed":
      if (caller === "foreign API key") return 403;
      // The secret alone is no identity: without a session the web server is signed out too.
      return caller === "non-member" ? "passes" : 401;
    case "org":
      // No access looks like no organization: 404, not 403.
      return caller === "non-member" || caller === "foreign API key" ? 404 : 401;
    default:
      return "undeclared";
  }
}

let t: TestApi;
let base: string;
let f: Fixture;

// These end the session they are called with, or all of the user's: called as the signed-in
// caller, they get a throwaway user and session of their own (also no member of the org).
const ENDS_SESSION = new Set(["auth.signOut", "account.signOutEverywhere"]);

async function headersFor(caller: CallerKind, path?: string): Promise<Record<string, string>> {
  if (caller === "anonymous") return {};
  if (caller === "internal") return { "x-internal-secret": SECRET };
  if (caller === "foreign API key") return bearer(f.foreignKey);
  let sessionId = f.outsider.sessionId;
  if (path && ENDS_SESSION.has(path)) {
    sessionId = await createSession(t, await createUser(t, `throwaway-${randomUUID()}@access.test`));
  }
  return { "x-internal-secret": SECRET, "x-agency-session": sessionId };
}

interface Answer {
  status: number;
  code?: string;
  body: string;
}

/**
 * One call over HTTP the way a client makes it: queries GET with ?input=, mutations POST with a
 * JSON body, subscriptions GET as text/event-stream. A subscription is answered by its first
 * event after `connected`: a data event (200) or the error that refused it (its httpStatus).
 */
async function call(
  path: string,
  type: ProcedureType,
  input: unknown,
  headers: Record<string, string>,
): Promise<Answer> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  if (type === "mutation") {
    // As tRPC's client sends it: JSON content type always, no body when there is no input.
    const response = await fetch(`${base}/trpc/${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      ...(input === undefined ? {} : { body: JSON.stringify(input) }),
    });
    return answerOf(response.status, await response.text());
  }
  if (type === "query") {
    const response = await fetch(`${base}/trpc/${path}${query}`, { headers });
    return answerOf(response.status, await response.text());
  }
  const response = await fetch(`${base}/trpc/${path}${query}`, {
    headers: { ...headers, accept: "text/event-stream" },
  });
  if (!response.headers.get("content-type")?.includes("text/event-stream")) {
    return answerOf(response.status, await response.text());
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { status: response.status, body: buffer };
      buffer += value;
      for (const block of buffer.split("\n\n").slice(0, -1)) {
        const lines = block.split("\n").filter((line) => line.trim() !== "");
        if (lines.length === 0) continue;
        const event = lines
          .find((line) => line.startsWith("event:"))
          ?.slice(6)
          .trim();
        const data =
          lines
            .find((line) => line.startsWith("data:"))
            ?.slice(5)
            .trim() ?? "";
        if (event === "connected" || event === "ping") continue;
        if (event === "serialized-error") {
          const error = JSON.parse(data) as { data?: { httpStatus?: number; code?: string } };
          return { status: error.data?.httpStatus ?? 500, code: error.data?.code, body: block };
        }
        return { status: response.status, body: block };
      }
    }
  } finally {
    await reader.cancel();
  }
}

function answerOf(status: number, text: string): Answer {
  try {
    const body = JSON.parse(text) as { error?: { data?: { code?: string } } };
    return { status, code: body.error?.data?.code, body: text };
  } catch {
    return { status, body: text };
  }
}

/** An internal call the fixture needs to succeed (sign-up, organization creation). */
async function setupCall<T>(path: string, input: unknown, headers: Record<string, string>): Promise<T> {
  const answer = await call(path, "mutation", input, headers);
  if (answer.status !== 200) throw new Error(`${path} failed while seeding: ${answer.status} ${answer.body}`);
  return (JSON.parse(answer.body) as { result: { data: T } }).result.data;
}

beforeAll(async () => {
  // Scaled limits: ~150 calls from one IP must hit guards, never a 429.
  t = await startTestApi({ env: { INTERNAL_API_SECRET: SECRET, RATE_LIMIT_SCALE: "100" } });
  base = await t.listen();

  // Sign-up opens no session (it answers the same for every email); signing in does.
  const signUp = async (email: string) => {
    await setupCall("auth.signUp", { email, name: "Access test", password: PASSWORD }, { "x-internal-secret": SECRET });
    return setupCall<{ userId: string; sessionId: string }>(
      "auth.signIn",
      { email, password: PASSWORD },
      { "x-internal-secret": SECRET },
    );
  };
  // Separate accounts: account.changePassword (as the outsider) must not break auth.signIn.
  const signInEmail = "sign-in@access.test";
  await signUp(signInEmail);
  const outsider = await signUp("outsider@access.test");
  // A third account whose password the reset sample changes (auth.signIn's account keeps its own).
  await signUp("reset@access.test");
  await setupCall("auth.requestPasswordReset", { email: "reset@access.test" }, { "x-internal-secret": SECRET });
  const outbox = await fetch(`${base}/trpc/dev.outbox`, { headers: { "x-internal-secret": SECRET } });
  const mails = ((await outbox.json()) as { result: { data: { to: string; text: string }[] } }).result.data;
  const tokenIn = (to: string, kind: string) => {
    for (const mail of mails.filter((m) => m.to === to)) {
      const match = mail.text.match(new RegExp(`/${kind}/([A-Za-z0-9_-]+)`));
      if (match) return match[1]!;
    }
    throw new Error(`no ${kind} link to ${to}`);
  };
  const outsiderOrg = await setupCall<{ id: string }>(
    "organizations.create",
    { name: "Outsider agency" },
    { "x-internal-secret": SECRET, "x-agency-session": outsider.sessionId },
  );

  // The organization every org procedure's input names, with one member of each role.
  const orgId = await seedOrganization(t, "Access", [], "access");
  const users = await createMemberPerRole(t, orgId, "access.test");
  const subject = await createUser(t, "subject@access.test", "Subject");
  await addMembers(t, orgId, [{ userId: subject, role: "member" }]);
  const clientId = await createClient(t, orgId, "Access client");
  const projectId = await createProject(t, orgId, "Access project", clientId);
  const taskId = await createTask(t, orgId, projectId, "Access task", 1024);
  const commentIds = {} as Record<Role, string>;
  for (const role of roleSchema.options) commentIds[role] = await createComment(t, orgId, taskId, users[role], role);
  f = {
    orgId,
    subject,
    invitationId: await createInvitation(t, orgId, users.owner, "pending@access.test"),
    clientId,
    projectId,
    taskId,
    commentIds,
    ...(await createIntegrations(t, orgId)),
    ...(await createBilling(t, orgId, clientId)),
    signInEmail,
    outsider: { userId: outsider.userId, sessionId: outsider.sessionId },
    verifyToken: tokenIn(signInEmail, "verify-email"),
    resetToken: tokenIn("reset@access.test", "reset-password"),
    apiKeyId: (await createApiKey(t, orgId, ["task:read"])).id,
    foreignKey: (await createApiKey(t, outsiderOrg.id, ALL_PERMISSIONS)).token,
  };
});
afterAll(() => t.close());

describe("every procedure declares its access level", () => {
  it("the router has procedures to check", () => {
    expect(procedures.length).toBeGreaterThan(0);
  });

  it("every procedure declares public, internal, authed or org access", () => {
    const undeclared = procedures.filter((p) => !["public", "internal", "authed", "org"].includes(p.access!));
    expect(undeclared.map((p) => p.path)).toEqual([]);
  });

  it("every procedure declares the rate-limit class it spends, charged before any work", () => {
    const unlimited = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>,
    ).filter(([, p]) => !p._def.meta?.limit);
    expect(unlimited.map(([path]) => path)).toEqual([]);
  });

  it("every org procedure names the permission it needs", () => {
    expect(procedures.filter((p) => p.access === "org" && !p.permission).map((p) => p.path)).toEqual([]);
  });

  it("public procedures are exactly the reviewed list", () => {
    expect(
      procedures
        .filter((p) => p.access === "public")
        .map((p) => p.path)
        .sort(),
    ).toEqual(PUBLIC_PROCEDURES);
  });

  it("every procedure has a sample input", () => {
    const missing = procedures.filter((p) => !(p.path in ORG_SAMPLE_INPUTS) && !(p.path in NON_ORG_SAMPLE_INPUTS));
    expect(missing.map((p) => p.path)).toEqual([]);
  });
});

describe("every procedure's guard answers each kind of caller over HTTP", () => {
  it("the signed-in caller's session is accepted (so its refusals below are the org guard's)", async () => {
    const me = await call("account.me", "query", undefined, await headersFor("non-member"));
    expect(me.status, me.body).toBe(200);
  });

  const cases = procedures.flatMap((p) =>
    CALLERS.map((caller) => ({ ...p, caller, expected: guardAnswer(p.access, caller) })),
  );

  it.each(cases)("$path ($access $type) as $caller → $expected", async ({ path, access, type, caller, expected }) => {
    const answer = await call(path, type, sampleInput(path, f), await headersFor(caller, path));
    const seen = `${answer.status} ${answer.body.slice(0, 300)}`;
    if (expected === "undeclared") expect.fail(`${path} declares no access level, so no guard is known to protect it`);
    if (expected === "passes") {
      expect(answer.status, `refused or failed: ${seen}`).toBeLessThan(500);
      expect([401, 403], `refused by an auth guard: ${seen}`).not.toContain(answer.status);
      // The internal guard refuses with 404; a procedure that let its caller through must not look missing.
      if (access === "internal") {
        expect(answer.status, `refused by the internal guard: ${seen}`).not.toBe(404);
      }
    } else {
      expect(answer.status, seen).toBe(expected);
      expect(answer.code, seen).toBe({ 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND" }[expected]);
    }
  });
});
