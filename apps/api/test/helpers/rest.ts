import { PERMISSIONS_BY_ROLE, type Permission, type Role } from "@agency/validators";
import { randomUUID } from "node:crypto";
import { bearer, createApiKey, createOrganizationAs, createSession, createUser } from "./fixtures";
import { startTestApi, type TestApi, type TestApiOptions } from "./test-api";

/** The shared secret the web server presents; REST tests authenticate through it (see restAuthHeaders). */
const REST_TEST_SECRET = "rest-api-test-secret-0123456789abcdef";

/** A real API for REST tests: internal auth on, limits scaled so suites never hit them by accident. */
export function startRestTestApi(options: TestApiOptions = {}) {
  return startTestApi({
    ...options,
    env: { INTERNAL_API_SECRET: REST_TEST_SECRET, RATE_LIMIT_SCALE: "100", ...options.env },
  });
}

/**
 * The headers that authenticate a REST call as the user of `sessionId` in `orgId`.
 * TODAY: the web server's internal secret + the session it vouches for (how the browser's calls
 * reach the API). The ONE place to switch REST tests to `Authorization: Bearer <API key>` once
 * API keys exist (the key then names the organization itself).
 */
export function restAuthHeaders(caller: { sessionId: string; orgId: string }): Record<string, string> {
  return { "x-internal-secret": REST_TEST_SECRET, "x-agency-session": caller.sessionId, "x-org-id": caller.orgId };
}

export interface RestCaller {
  userId: string;
  sessionId: string;
  orgId: string;
  headers: Record<string, string>;
}

/** A user with a live session in a new organization they own (or `role` in an org owned by someone else). */
export async function restTenant(t: TestApi, name: string, role: Role = "owner"): Promise<RestCaller> {
  const tag = randomUUID().slice(0, 8);
  const userId = await createUser(t, `${role}-${tag}@${name.toLowerCase()}.test`);
  let orgId: string;
  if (role === "owner") {
    orgId = await createOrganizationAs(t, userId, name);
  } else {
    const ownerId = await createUser(t, `owner-${tag}@${name.toLowerCase()}.test`);
    orgId = await createOrganizationAs(t, ownerId, name, [{ userId, role }]);
  }
  const sessionId = await createSession(t, userId);
  return { userId, sessionId, orgId, headers: restAuthHeaders({ sessionId, orgId }) };
}

/**
 * The headers of a machine client: an API key of `caller`'s organization (all of the owner's
 * permissions unless `scopes` says otherwise), no session, no org header — the key names its
 * organization itself.
 */
export async function restKeyHeaders(
  t: TestApi,
  caller: { orgId: string; userId: string },
  scopes: readonly Permission[] = PERMISSIONS_BY_ROLE.owner,
): Promise<Record<string, string>> {
  const key = await createApiKey(t, caller.orgId, scopes, { createdById: caller.userId });
  return bearer(key.token);
}

/** Another member of `caller`'s organization with its own session. */
export async function restMember(t: TestApi, caller: RestCaller, role: Role): Promise<RestCaller> {
  const userId = await createUser(t, `${role}-${randomUUID().slice(0, 8)}@member.test`);
  await t.prisma.membership.create({ data: { orgId: caller.orgId, userId, role } });
  const sessionId = await createSession(t, userId);
  return { userId, sessionId, orgId: caller.orgId, headers: restAuthHeaders({ sessionId, orgId: caller.orgId }) };
}

export interface RestAnswer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: T;
  text: string;
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId: string };
}

/** One REST call over real HTTP: `body` is sent as JSON unless `rawBody` is given. */
export async function rest<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; rawBody?: string; contentType?: string } = {},
): Promise<RestAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(`${base}/api/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T, text };
}

/** Asserts the one error envelope (and nothing else: no stack, no issues, no adapter fields). */
export function expectEnvelope(answer: RestAnswer<unknown>, status: number, code: string): ErrorEnvelope {
  const body = answer.body as ErrorEnvelope;
  if (answer.status !== status || body?.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${answer.status} ${answer.text.slice(0, 500)}`);
  }
  const keys = Object.keys(body).join(",");
  const errorKeys = Object.keys(body.error).filter((k) => !["code", "message", "details", "requestId"].includes(k));
  if (keys !== "error" || errorKeys.length > 0 || /"stack"|"issues":\[\{"expected"/.test(answer.text)) {
    throw new Error(`not the error envelope: ${answer.text.slice(0, 500)}`);
  }
  if (body.error.requestId !== answer.headers.get("x-request-id"))
    throw new Error("requestId differs from x-request-id");
  return body;
}
