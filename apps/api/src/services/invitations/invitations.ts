import { recordAudit, withTenant, type PrismaClient } from "@agency/db";
import { INVITATION_TTL_DAYS, type Role } from "@agency/validators";
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../../errors/app-error";
import { enqueueEmail } from "../mail/outbox";
import type { OrgScope, RequestOrigin } from "../service-context";

const DAY_MS = 86_400_000;

type InvitationScope = OrgScope & { appUrl: string };

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");

type InvitationRow = {
  id: string;
  email: string;
  role: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};
const SUMMARY = { id: true, email: true, role: true, createdAt: true, expiresAt: true, acceptedAt: true, revokedAt: true } as const;

export function invitationSummary(row: InvitationRow, now = Date.now()) {
  const status = row.acceptedAt ? "accepted" : row.revokedAt ? "revoked" : row.expiresAt.getTime() <= now ? "expired" : "pending";
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    status: status as "pending" | "accepted" | "revoked" | "expired",
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

function invitationEmail(scope: InvitationScope, orgName: string, email: string, role: Role, token: string) {
  const link = `${scope.appUrl.replace(/\/$/, "")}/invitations/${token}`;
  return {
    to: email,
    orgId: scope.org.id,
    subject: `You're invited to join ${orgName} on Agency OS`,
    text: `You have been invited to join ${orgName} as ${role}.\n\nAccept the invitation (valid for ${INVITATION_TTL_DAYS} days, one use):\n${link}\n\nIf you did not expect this, ignore this email.`,
  };
}

/** Only owners invite owners; nobody invites someone who is already a member. */
export async function createInvitation(scope: InvitationScope, input: { email: string; role: Role }) {
  if (input.role === "owner" && scope.org.role !== "owner") {
    throw new AppError("FORBIDDEN", "Only owners can invite owners.");
  }
  const token = newToken();
  return withTenant(scope.prisma, { userId: scope.actor.userId, orgId: scope.org.id }, async (tx) => {
    const alreadyMember = await tx.membership.findFirst({ where: { orgId: scope.org.id, user: { email: input.email } }, select: { id: true } });
    if (alreadyMember) throw new AppError("CONFLICT", `${input.email} is already a member.`);
    const org = await tx.organization.findUniqueOrThrow({ where: { id: scope.org.id }, select: { name: true } });
    // A new invitation replaces any pending one for the same email.
    await tx.invitation.updateMany({
      where: { orgId: scope.org.id, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: {
        orgId: scope.org.id,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: scope.actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS),
      },
      select: SUMMARY,
    });
    await enqueueEmail(tx, invitationEmail(scope, org.name, input.email, input.role, token));
    await recordAudit(tx, {
      action: "invite.sent",
      orgId: scope.org.id,
      actorUserId: scope.actor.userId,
      target: { type: "invitation", id: invitation.id },
      origin: scope.origin,
      metadata: { role: input.role },
    });
    return invitationSummary(invitation);
  });
}

export function listInvitations(scope: Omit<OrgScope, "origin">) {
  return withTenant(scope.prisma, { userId: scope.actor.userId, orgId: scope.org.id }, async (tx) => {
    const rows = await tx.invitation.findMany({
      where: { orgId: scope.org.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: SUMMARY,
    });
    return rows.map((row) => invitationSummary(row));
  });
}

/** Issues a fresh link (the old one stops working) and a new 7-day expiry. */
export function resendInvitation(scope: InvitationScope, invitationId: string) {
  const token = newToken();
  return withTenant(scope.prisma, { userId: scope.actor.userId, orgId: scope.org.id }, async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, orgId: scope.org.id, acceptedAt: null, revokedAt: null },
      data: { tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS) },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "No pending invitation with this id.");
    const invitation = await tx.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: { ...SUMMARY, org: { select: { name: true } } } });
    await enqueueEmail(tx, invitationEmail(scope, invitation.org.name, invitation.email, invitation.role as Role, token));
    await recordAudit(tx, {
      action: "invite.sent",
      orgId: scope.org.id,
      actorUserId: scope.actor.userId,
      target: { type: "invitation", id: invitationId },
      origin: scope.origin,
      metadata: { resent: true },
    });
    return invitationSummary(invitation);
  });
}

export function revokeInvitation(scope: InvitationScope, invitationId: string) {
  return withTenant(scope.prisma, { userId: scope.actor.userId, orgId: scope.org.id }, async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, orgId: scope.org.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "No pending invitation with this id.");
    await recordAudit(tx, {
      action: "invite.revoked",
      orgId: scope.org.id,
      actorUserId: scope.actor.userId,
      target: { type: "invitation", id: invitationId },
      origin: scope.origin,
    });
    return { revoked: true as const };
  });
}

/**
 * Accepts an invitation for the signed-in user, whose email must be the one
 * invited. Single use: the claim is a conditional update, so two accepts of
 * one link cannot both succeed. Runs on the API's own connection because the
 * invitee is not a member (RLS would hide the invitation) until it commits.
 */
export async function acceptInvitation(prisma: PrismaClient, actor: { userId: string }, token: string, origin: RequestOrigin) {
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash: hashToken(token) },
      select: { id: true, orgId: true, email: true, role: true, acceptedAt: true, revokedAt: true, expiresAt: true, org: { select: { name: true, slug: true, deletedAt: true } } },
    });
    const unusable = "This invitation link is invalid, expired or already used. Ask for a new one.";
    if (!invitation || invitation.org.deletedAt || invitation.revokedAt || invitation.acceptedAt || invitation.expiresAt.getTime() <= Date.now()) {
      throw new AppError("NOT_FOUND", unusable);
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } });
    if (user.email !== invitation.email) {
      throw new AppError("FORBIDDEN", "This invitation was sent to a different email address. Sign in with that account.");
    }
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: new Date(), acceptedById: actor.userId },
    });
    if (claimed.count === 0) throw new AppError("NOT_FOUND", unusable);
    const existing = await tx.membership.findUnique({ where: { orgId_userId: { orgId: invitation.orgId, userId: actor.userId } } });
    if (!existing) await tx.membership.create({ data: { orgId: invitation.orgId, userId: actor.userId, role: invitation.role } });
    await recordAudit(tx, {
      action: "invite.accepted",
      orgId: invitation.orgId,
      actorUserId: actor.userId,
      target: { type: "invitation", id: invitation.id },
      origin,
      metadata: { role: invitation.role },
    });
    return { id: invitation.orgId, name: invitation.org.name, slug: invitation.org.slug, role: (existing?.role ?? invitation.role) as Role };
  });
}
