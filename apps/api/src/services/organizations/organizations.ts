import { recordAudit, withTenant, type PrismaClient } from "@agency/db";
import { slugify, type Role } from "@agency/validators";
import { randomBytes } from "node:crypto";
import { AppError } from "../../errors/app-error";
import type { OrgScope, RequestOrigin } from "../service-context";
import { unassignMemberTasks } from "../tasks/unassign-member";
import { assertMembershipChangeAllowed } from "./membership-rules";

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/**
 * Creates an organization with the actor as its owner, in one transaction.
 * Runs on the API's own connection: under RLS an organization is only
 * visible to its members, and it has none until this transaction commits.
 */
export async function createOrganization(
  prisma: PrismaClient,
  actor: { userId: string },
  input: { name: string; slug?: string },
  origin: RequestOrigin,
) {
  const wanted = input.slug ?? slugify(input.name);
  // An explicit slug must be free; a derived one gets a short random suffix when taken.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? wanted : `${wanted.slice(0, 40)}-${randomBytes(3).toString("hex")}`;
    try {
      return await prisma.$transaction(async (tx) => {
        const org = await tx.organization.create({ data: { name: input.name, slug } });
        await tx.membership.create({ data: { orgId: org.id, userId: actor.userId, role: "owner" } });
        await recordAudit(tx, {
          action: "org.created",
          orgId: org.id,
          actorUserId: actor.userId,
          target: { type: "organization", id: org.id },
          origin,
          metadata: { name: org.name, slug: org.slug },
        });
        return { id: org.id, name: org.name, slug: org.slug, role: "owner" as const };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.slug) throw new AppError("CONFLICT", `The address "${input.slug}" is taken. Choose another.`);
    }
  }
  throw new AppError("CONFLICT", "Could not find a free address for this organization. Choose one.");
}

/** The organizations the actor belongs to, with their role (RLS: own memberships only). */
export function listMyOrganizations(prisma: PrismaClient, actor: { userId: string }) {
  return withTenant(prisma, { userId: actor.userId, orgId: null }, async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { userId: actor.userId, org: { deletedAt: null } },
      orderBy: { org: { name: "asc" } },
      select: { role: true, org: { select: { id: true, name: true, slug: true } } },
    });
    return memberships.map((m) => ({ ...m.org, role: m.role as Role }));
  });
}

export function renameOrganization(scope: OrgScope, name: string) {
  return withTenant(scope.prisma, { userId: scope.actor.userId, orgId: scope.org.id }, async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: scope.org.id }, select: { name: true } });
    const org = await tx.organization.update({ where: { id: scope.org.id }, data: { name }, select: { id: true, name: true, slug: true } });
    await recordAudit(tx, {
      action: "org.updated",
      orgId: scope.org.id,
      actorUserId: scope.actor.userId,
      target: { type: "organization", id: scope.org.id },
      origin: scope.origin,
      metadata: { name: { before: before.name, after: name } },
    });
    return { ...org, role: scope.org.role };
  });
}

export function listMembers(scope: Omit<OrgScope, "origin">) {
  return withTenant(scope.prisma, { userId: scope.actor.userId, orgId: scope.org.id }, async (tx) => {
    const rows = await tx.membership.findMany({
      where: { orgId: scope.org.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    });
    return rows.map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role as Role,
      joinedAt: m.createdAt.toISOString(),
    }));
  });
}

/**
 * Changes a member's role (newRole) or removes them (null), enforcing the
 * membership rules. The org's owner rows are locked first, so two concurrent
 * demotions cannot both pass the "at least one owner" check.
 */
export function changeMembership(scope: OrgScope, targetUserId: string, newRole: Role | null) {
  return withTenant(scope.prisma, { userId: scope.actor.userId, orgId: scope.org.id }, async (tx) => {
    const owners = await tx.$queryRaw<{ user_id: string }[]>`
      SELECT user_id FROM memberships WHERE org_id = ${scope.org.id}::uuid AND role = 'owner' FOR UPDATE`;
    const target = await tx.membership.findUnique({
      where: { orgId_userId: { orgId: scope.org.id, userId: targetUserId } },
      select: { id: true, role: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "Member not found.");
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
    await recordAudit(tx, {
      action: newRole === null ? (self ? "member.left" : "member.removed") : "member.role_changed",
      orgId: scope.org.id,
      actorUserId: scope.actor.userId,
      target: { type: "user", id: targetUserId },
      origin: scope.origin,
      metadata: { role: { before: targetRole, after: newRole } },
    });
    if (newRole === null) {
      // Before the membership goes: the tasks_assignee_is_member trigger only allows members.
      await unassignMemberTasks(tx, scope.org.id, targetUserId);
      await tx.membership.delete({ where: { id: target.id } });
    } else await tx.membership.update({ where: { id: target.id }, data: { role: newRole } });
    return { changed: true };
  });
}
