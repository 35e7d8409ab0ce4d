import { sql, type Prisma } from "@agency/db";
import { slugify, type MemberDto, type Role } from "@agency/validators";
import { randomBytes } from "node:crypto";
import { AppError } from "../../errors/app-error";
import { audited } from "../audit";
import { emitEvent } from "../webhooks/emit-event";
import type { AccountScope, TenantScope } from "../scope";
import { unassignMemberTasks } from "../tasks/unassign-member";
import { assertMembershipChangeAllowed } from "./membership-rules";

/** PostgreSQL's unique_violation (the slug is taken). */
const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "23505";

/**
 * Creates an organization with the actor as its owner, in the call's transaction. Under RLS an
 * organization is visible only to its members and it has none yet, so the insert goes through
 * app_create_organization (SECURITY DEFINER), which also makes it the active organization of
 * the rest of the transaction; every try runs in a savepoint so a taken slug can be retried.
 */
export async function createOrganization(scope: AccountScope, input: { name: string; slug?: string }) {
  const wanted = input.slug ?? slugify(input.name);
  // An explicit slug must be free; a derived one gets a short random suffix when taken.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? wanted : `${wanted.slice(0, 40)}-${randomBytes(3).toString("hex")}`;
    await scope.sql.run(sql`SAVEPOINT create_org`);
    try {
      const row = await scope.sql.first(sql<{ id: string }>`SELECT app_create_organization(${input.name}, ${slug}) AS id`);
      await scope.sql.run(sql`RELEASE SAVEPOINT create_org`);
      const org = { id: row!.id, name: input.name, slug, role: "owner" as const };
      await audited(scope, "org.created", { type: "organization", id: org.id }, { name: org.name, slug: org.slug }, { orgId: org.id });
      return org;
    } catch (error) {
      await scope.sql.run(sql`ROLLBACK TO SAVEPOINT create_org`);
      if (!isUniqueViolation(error)) throw error;
      if (input.slug) throw new AppError("CONFLICT", `The address "${input.slug}" is taken. Choose another.`);
    }
  }
  throw new AppError("CONFLICT", "Could not find a free address for this organization. Choose one.");
}

/** The organizations the actor belongs to, with their role (RLS: own memberships only). */
export async function listMyOrganizations(scope: AccountScope) {
  const memberships = await scope.tx.membership.findMany({
    where: { userId: scope.actor.userId, org: { deletedAt: null } },
    orderBy: { org: { name: "asc" } },
    select: { role: true, org: { select: { id: true, name: true, slug: true } } },
  });
  return memberships.map((m) => ({ ...m.org, role: m.role as Role }));
}

export async function getOrganization(scope: TenantScope) {
  const org = await scope.tx.organization.findUniqueOrThrow({
    where: { id: scope.org.id },
    select: { id: true, name: true, slug: true },
  });
  return { ...org, role: scope.org.role };
}

export async function renameOrganization(scope: TenantScope, name: string) {
  const { tx } = scope;
  const before = await tx.organization.findUniqueOrThrow({ where: { id: scope.org.id }, select: { name: true } });
  const org = await tx.organization.update({ where: { id: scope.org.id }, data: { name }, select: { id: true, name: true, slug: true } });
  await audited(scope, "org.updated", { type: "organization", id: scope.org.id }, { name: { before: before.name, after: name } });
  return { ...org, role: scope.org.role };
}

const MEMBER_FIELDS = {
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.MembershipSelect;

function toMemberDto(m: Prisma.MembershipGetPayload<{ select: typeof MEMBER_FIELDS }>): MemberDto {
  return {
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role as Role,
    joinedAt: m.createdAt.toISOString(),
  };
}

/** The organization's people (API keys' service users are listed with the keys, not here). */
export async function listMembers(scope: TenantScope) {
  const rows = await scope.tx.membership.findMany({
    where: { orgId: scope.org.id, user: { kind: "person" } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: MEMBER_FIELDS,
  });
  return rows.map(toMemberDto);
}

/** One person of the organization, by user id; a key's service user is no member here (404), as in the list. */
export async function getMember(scope: TenantScope, userId: string) {
  const row = await scope.tx.membership.findFirst({
    where: { orgId: scope.org.id, userId, user: { kind: "person" } },
    select: MEMBER_FIELDS,
  });
  if (!row) throw new AppError("NOT_FOUND", "Member not found.");
  return toMemberDto(row);
}

/**
 * Changes a member's role (newRole) or removes them (null), enforcing the membership rules.
 * The org's owner rows are locked first, so two concurrent demotions cannot both pass the
 * "at least one owner" check.
 */
export async function changeMembership(scope: TenantScope, targetUserId: string, newRole: Role | null) {
  const { tx } = scope;
  const owners = await tx.$queryRaw<{ user_id: string }[]>`
    SELECT user_id FROM memberships WHERE org_id = ${scope.org.id}::uuid AND role = 'owner' FOR UPDATE`;
  const target = await tx.membership.findUnique({
    where: { orgId_userId: { orgId: scope.org.id, userId: targetUserId } },
    select: { id: true, role: true, user: { select: { kind: true } } },
  });
  // An API key's service membership changes only with the key (apiKeys.revoke), never here.
  if (target?.user.kind === "service" && targetUserId === scope.actor.userId) {
    throw new AppError("CONFLICT", "An API key cannot leave its organization. Revoke the key instead.");
  }
  if (!target || target.user.kind !== "person") throw new AppError("NOT_FOUND", "Member not found.");
  const targetRole = target.role as Role;
  assertMembershipChangeAllowed({
    actor: { userId: scope.actor.userId, role: scope.org.role },
    target: { userId: targetUserId, role: targetRole },
    newRole,
    ownerCount: owners.length,
  });

  if (newRole === targetRole) return { changed: false };

  // Audit first: after leaving, the actor is no longer a member and RLS would refuse the entry.
  const self = targetUserId === scope.actor.userId;
  await audited(scope, newRole === null ? (self ? "member.left" : "member.removed") : "member.role_changed", {
    type: "user",
    id: targetUserId,
  }, { role: { before: targetRole, after: newRole } });
  await emitEvent(scope, newRole === null ? "member.removed" : "member.role_changed", {
    userId: targetUserId,
    role: newRole,
    previousRole: targetRole,
    left: self && newRole === null,
  });
  if (newRole === null) {
    // Before the membership goes: the tasks_assignee_is_member trigger only allows members.
    await unassignMemberTasks(tx, scope.org.id, targetUserId);
    await tx.membership.delete({ where: { id: target.id } });
  } else await tx.membership.update({ where: { id: target.id }, data: { role: newRole } });
  return { changed: true };
}
