import { ALL_PERMISSIONS, PERMISSIONS_BY_ROLE, roleSchema, type Permission, type Role } from "@agency/validators";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app-router";
import type { ProcedureMeta } from "../src/trpc/trpc";
import { callerFor } from "./helpers/callers";
import {
  addMembers,
  bearer,
  createApiKey,
  createClient,
  createBilling,
  createComment,
  createIntegrations,
  createInvitation,
  createProject,
  createTask,
  createUser,
  seedOrganization,
} from "./helpers/fixtures";
import { ORG_SAMPLE_INPUTS, type OrgSampleFixture, type SampleCaller } from "./helpers/sample-inputs";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * Every org procedure × {owner, admin, member, viewer, member of another org,
 * signed out}, expectations derived from PERMISSIONS_BY_ROLE — and × API keys:
 * a key holding exactly the procedure's permission (allowed), one holding every
 * other permission (403), another organization's key naming this one (404) and
 * a revoked key (401). A new org procedure without a sample input
 * (helpers/sample-inputs.ts) fails the first test: the matrix grows with the router.
 */
interface Fixture extends OrgSampleFixture {
  users: Record<Role, string>;
  outsider: string;
  /** Tokens of keys that must be refused whatever the procedure. */
  foreignKey: string;
  revokedKey: string;
}

const orgProcedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta; type: string } }>,
)
  .filter(([, p]) => p._def.meta?.access === "org")
  .map(([path, p]) => ({ path, permission: p._def.meta!.permission as Permission, type: p._def.type }));

let t: TestApi;
let f: Fixture;

async function invoke(
  path: string,
  userId: string | null,
  who: SampleCaller,
  headers: Record<string, string> = {},
): Promise<"ok" | TRPCError["code"]> {
  const caller = callerFor(t, userId, { requestId: "matrix-0001", headers });
  const [group, name] = path.split(".") as [string, string];
  const procedure = (caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[group]![
    name
  ]!;
  try {
    const result = await procedure(ORG_SAMPLE_INPUTS[path]!(f, who));
    // A subscription's guards have passed once it returns its stream; its first item (or error) decides.
    if (result && typeof result === "object" && Symbol.asyncIterator in result) {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.return?.();
    }
    return "ok";
  } catch (error) {
    return (error as TRPCError).code;
  }
}

beforeAll(async () => {
  t = await startTestApi();
  const orgId = await seedOrganization(t, "Matrix", [], "matrix");
  const user = (email: string) => createUser(t, email, email);
  const users = {} as Record<Role, string>;
  for (const role of roleSchema.options) users[role] = await user(`${role}@matrix.test`);
  const outsider = await user("outsider@matrix.test");
  await seedOrganization(t, "Elsewhere", [{ userId: outsider, role: "owner" }], "elsewhere");
  f = {
    orgId,
    users,
    outsider,
    subject: await user("subject@matrix.test"),
    foreignKey: (await createApiKey(t, await seedOrganization(t, "Keyholder", [], "keyholder"), ALL_PERMISSIONS)).token,
    revokedKey: "",
    apiKeyId: "",
    invitationId: "",
    clientId: "",
    projectId: "",
    taskId: "",
    commentIds: {} as Record<Role, string>,
    webhookEndpointId: "",
    webhookDeliveryId: "",
    retainerId: "",
    pausedRetainerId: "",
    draftInvoiceId: "",
    openInvoiceId: "",
    paidInvoiceId: "",
  };
});
afterAll(() => t.close());

// Every case starts from the same memberships: a second owner and a "subject" member to act on.
beforeEach(async () => {
  await t.prisma.membership.deleteMany({ where: { orgId: f.orgId } });
  await t.prisma.apiKey.deleteMany({ where: { orgId: f.orgId } });
  await addMembers(t, f.orgId, [
    ...roleSchema.options.map((role) => ({ userId: f.users[role], role })),
    { userId: f.subject, role: "member" as const },
  ]);
  f.invitationId = await createInvitation(t, f.orgId, f.users.owner, `pending-${crypto.randomUUID()}@matrix.test`);
  f.clientId = await createClient(t, f.orgId, `Client ${crypto.randomUUID()}`);
  f.projectId = await createProject(t, f.orgId, "Matrix project", f.clientId);
  f.taskId = await createTask(t, f.orgId, f.projectId, "Matrix task", 1024);
  for (const role of roleSchema.options) {
    f.commentIds[role] = await createComment(t, f.orgId, f.taskId, f.users[role], `By the ${role}`);
  }
  f.apiKeyId = (await createApiKey(t, f.orgId, ["task:read"], { name: "Subject key" })).id;
  f.revokedKey = (await createApiKey(t, f.orgId, ALL_PERMISSIONS, { revoked: true })).token;
  Object.assign(f, await createIntegrations(t, f.orgId));
  Object.assign(f, await createBilling(t, f.orgId, f.clientId));
});

/** A key of the organization with these scopes, and a comment of its own to edit. */
async function keyWith(scopes: readonly Permission[]) {
  const key = await createApiKey(t, f.orgId, scopes);
  f.commentIds.apiKey = await createComment(t, f.orgId, f.taskId, key.serviceUserId, "By the key");
  return key.token;
}

describe("authorization matrix", () => {
  it("has a sample input for every org procedure", () => {
    expect(orgProcedures.length).toBeGreaterThan(0);
    expect(orgProcedures.map((p) => p.path).filter((path) => !ORG_SAMPLE_INPUTS[path])).toEqual([]);
  });

  const cases = orgProcedures.flatMap(({ path, permission }) => [
    ...roleSchema.options.map((role) => ({
      path,
      who: role,
      expected: (PERMISSIONS_BY_ROLE[role] as readonly string[]).includes(permission) ? "ok" : "FORBIDDEN",
    })),
    { path, who: "member of another org", expected: "NOT_FOUND" },
    { path, who: "signed out", expected: "UNAUTHORIZED" },
  ]);

  const keyCases = orgProcedures.flatMap(({ path, permission }) =>
    [
      { path, key: "holding exactly its scope", expected: "ok" },
      { path, key: "holding every scope but it", expected: "FORBIDDEN" },
      { path, key: "of another organization", expected: "NOT_FOUND" },
      { path, key: "that is revoked", expected: "UNAUTHORIZED" },
    ].map((c) => ({ ...c, permission })),
  );

  it.each(keyCases)("$path with an API key $key → $expected", async ({ path, key, permission, expected }) => {
    const token =
      key === "holding exactly its scope"
        ? await keyWith([permission])
        : key === "holding every scope but it"
          ? await keyWith(ALL_PERMISSIONS.filter((p) => p !== permission))
          : key === "of another organization"
            ? f.foreignKey
            : f.revokedKey;
    const outcome = await invoke(path, null, "apiKey", bearer(token));
    if (expected === "ok") expect(["ok", "CONFLICT"]).toContain(outcome);
    else expect(outcome).toBe(expected);
  });

  it.each(cases)("$path as $who → $expected", async ({ path, who, expected }) => {
    const userId = who === "signed out" ? null : who === "member of another org" ? f.outsider : f.users[who as Role];
    const outcome = await invoke(path, userId, who in f.users ? (who as Role) : null);
    if (expected === "ok") {
      // Allowed through the guard; a business rule may still refuse (e.g. the last owner leaving).
      expect(["ok", "CONFLICT"]).toContain(outcome);
    } else {
      expect(outcome).toBe(expected);
    }
  });
});
