import { PERMISSIONS_BY_ROLE, roleSchema, type Permission, type Role } from "@agency/validators";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appRouter } from "../src/routers/app-router";
import { createContext } from "../src/trpc/context";
import { createCallerFactory, type ProcedureMeta } from "../src/trpc/trpc";
import { ORG_SAMPLE_INPUTS, type OrgSampleFixture } from "./helpers/sample-inputs";
import { startTestApi, type TestApi } from "./helpers/test-api";

/**
 * Every org procedure × {owner, admin, member, viewer, member of another org,
 * signed out}, expectations derived from PERMISSIONS_BY_ROLE. A new org
 * procedure without a sample input (helpers/sample-inputs.ts) fails the first
 * test: the matrix grows with the router.
 */
interface Fixture extends OrgSampleFixture {
  users: Record<Role, string>;
  outsider: string;
}

const orgProcedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta; type: string } }>,
)
  .filter(([, p]) => p._def.meta?.access === "org")
  .map(([path, p]) => ({ path, permission: p._def.meta!.permission as Permission, type: p._def.type }));

let t: TestApi;
let f: Fixture;
const createCaller = createCallerFactory(appRouter);

async function invoke(path: string, userId: string | null, who: Role | null): Promise<"ok" | TRPCError["code"]> {
  const caller = createCaller(
    createContext({
      deps: t.api.deps,
      headers: new Headers(),
      requestId: "matrix-0001",
      ip: "127.0.0.1",
      actor: userId ? { userId } : null,
    }),
  );
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
  const { prisma } = t.api.deps;
  const org = await prisma.organization.create({ data: { name: "Matrix", slug: "matrix" } });
  const other = await prisma.organization.create({ data: { name: "Elsewhere", slug: "elsewhere" } });
  const user = async (email: string) => (await prisma.user.create({ data: { email, name: email } })).id;
  const users = {} as Record<Role, string>;
  for (const role of roleSchema.options) users[role] = await user(`${role}@matrix.test`);
  const outsider = await user("outsider@matrix.test");
  await prisma.membership.create({ data: { orgId: other.id, userId: outsider, role: "owner" } });
  f = {
    orgId: org.id,
    users,
    outsider,
    subject: await user("subject@matrix.test"),
    invitationId: "",
    clientId: "",
    projectId: "",
    taskId: "",
    commentIds: {} as Record<Role, string>,
  };
});
afterAll(() => t.close());

// Every case starts from the same memberships: a second owner and a "subject" member to act on.
beforeEach(async () => {
  const { prisma } = t.api.deps;
  await prisma.membership.deleteMany({ where: { orgId: f.orgId } });
  await prisma.membership.createMany({
    data: [
      ...roleSchema.options.map((role) => ({ orgId: f.orgId, userId: f.users[role], role })),
      { orgId: f.orgId, userId: f.subject, role: "member" as const },
    ],
  });
  const invitation = await prisma.invitation.create({
    data: {
      orgId: f.orgId,
      email: `pending-${crypto.randomUUID()}@matrix.test`,
      role: "member",
      tokenHash: crypto.randomUUID(),
      invitedById: f.users.owner,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  f.invitationId = invitation.id;
  f.clientId = (await prisma.client.create({ data: { orgId: f.orgId, name: `Client ${crypto.randomUUID()}` } })).id;
  f.projectId = (
    await prisma.project.create({ data: { orgId: f.orgId, clientId: f.clientId, name: "Matrix project" } })
  ).id;
  f.taskId = (
    await prisma.task.create({ data: { orgId: f.orgId, projectId: f.projectId, title: "Matrix task", position: 1024 } })
  ).id;
  for (const role of roleSchema.options) {
    f.commentIds[role] = (
      await prisma.taskComment.create({
        data: { orgId: f.orgId, taskId: f.taskId, authorId: f.users[role], body: `By the ${role}` },
      })
    ).id;
  }
});

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
