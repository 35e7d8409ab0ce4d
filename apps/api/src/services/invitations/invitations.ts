import { sql } from "@agency/db";
import { INVITATION_TTL_DAYS, type Role } from "@agency/validators";
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../../errors/app-error";
import { audited } from "../audit";
import { emitEvent } from "../webhooks/emit-event";
import { enqueueEmail } from "../mail/outbox";
import type { Database } from "@agency/db";
import type { InvitationPreview } from "@agency/validators";
import type { AccountScope, TenantScope } from "../scope";

const DAY_MS = 86_400_000;

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

function invitationEmail(appUrl: string, orgId: string, orgName: string, email: string, role: Role, token: string) {
  const link = `${appUrl.replace(/\/$/, "")}/invitations/${token}`;
  return {
    to: email,
    orgId,
    subject: `You're invited to join ${orgName} on Agency OS`,
    text: `You have been invited to join ${orgName} as ${role}.\n\nAccept the invitation (valid for ${INVITATION_TTL_DAYS} days, one use):\n${link}\n\nIf you did not expect this, ignore this email.`,
  };
}

/** Only owners invite owners; nobody invites someone who is already a member. */
export async function createInvitation(scope: TenantScope, appUrl: string, input: { email: string; role: Role }) {
  if (input.role === "owner" && scope.org.role !== "owner") {
    throw new AppError("FORBIDDEN", "Only owners can invite owners.");
  }
  const { tx } = scope;
  const token = newToken();
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
  await enqueueEmail(scope, invitationEmail(appUrl, scope.org.id, org.name, input.email, input.role, token));
  await audited(scope, "invite.sent", { type: "invitation", id: invitation.id }, { role: input.role });
  return invitationSummary(invitation);
}

export async function listInvitations(scope: TenantScope) {
  const rows = await scope.tx.invitation.findMany({
    where: { orgId: scope.org.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: SUMMARY,
  });
  return rows.map((row) => invitationSummary(row));
}

/** One invitation of this organization, whatever its status. */
export async function getInvitation(scope: TenantScope, invitationId: string) {
  const row = await scope.tx.invitation.findFirst({
    where: { id: invitationId, orgId: scope.org.id },
    select: SUMMARY,
  });
  if (!row) throw new AppError("NOT_FOUND", "Invitation not found.");
  return invitationSummary(row);
}

/** Issues a fresh link (the old one stops working) and a new 7-day expiry. */
export async function resendInvitation(scope: TenantScope, appUrl: string, invitationId: string) {
  const { tx } = scope;
  const token = newToken();
  const { count } = await tx.invitation.updateMany({
    where: { id: invitationId, orgId: scope.org.id, acceptedAt: null, revokedAt: null },
    data: { tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS) },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "No pending invitation with this id.");
  const invitation = await tx.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: { ...SUMMARY, org: { select: { name: true } } } });
  await enqueueEmail(scope, invitationEmail(appUrl, scope.org.id, invitation.org.name, invitation.email, invitation.role as Role, token));
  await audited(scope, "invite.sent", { type: "invitation", id: invitationId }, { resent: true });
  return invitationSummary(invitation);
}

export async function revokeInvitation(scope: TenantScope, invitationId: string) {
  const { count } = await scope.tx.invitation.updateMany({
    where: { id: invitationId, orgId: scope.org.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "No pending invitation with this id.");
  await audited(scope, "invite.revoked", { type: "invitation", id: invitationId });
  return { revoked: true as const };
}

/**
 * Accepts an invitation for the signed-in user, whose verified email must be the one invited.
 * The invitee is not a member until it commits, so RLS hides the invitation:
 * app_accept_invitation (SECURITY DEFINER) checks and claims it — single use, a conditional
 * update under a row lock — adds the membership and makes the organization active for the
 * audit entry and the answer.
 */
export async function acceptInvitation(scope: AccountScope, token: string) {
  const claim = await scope.sql.first(
    sql<{ invitation_id: string | null; org_id: string | null; role: Role | null; outcome: string }>`
      SELECT invitation_id, org_id, role, outcome FROM app_accept_invitation(${hashToken(token)})`,
  );
  switch (claim?.outcome) {
    case "joined":
    case "already_member":
      break;
    case "wrong_email":
      throw new AppError("FORBIDDEN", "This invitation was sent to a different email address. Sign in with that account.");
    case "unverified":
      throw new AppError("FORBIDDEN", "Verify your email address first: open the link we sent you, or send a new one from your account settings.", {
        reason: "email_unverified",
      });
    default:
      throw new AppError("NOT_FOUND", "This invitation link is invalid, expired or already used. Ask for a new one.");
  }
  const orgId = claim.org_id!;
  const org = await scope.tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true, slug: true } });
  await audited(scope, "invite.accepted", { type: "invitation", id: claim.invitation_id! }, { role: claim.role }, { orgId });
  // The membership exists now and the organization is the transaction's active one.
  if (claim.outcome === "joined") {
    await emitEvent({ ...scope, org: { id: orgId } }, "member.added", { userId: scope.actor.userId, role: claim.role });
  }
  return { id: orgId, name: org.name, slug: org.slug, role: claim.role! };
}

/**
 * What an invitation link is for, shown on its page before anyone accepts (the invitee is not
 * a member, so RLS hides the organization): app_preview_invitation (SECURITY DEFINER) returns
 * only the organization's and inviter's names, the role, the expiry and the state. An unknown,
 * revoked or deleted organization's link is NOT_FOUND, like a wrong token to accept.
 */
export async function previewInvitation(db: Database, token: string): Promise<InvitationPreview> {
  const row = await db.tenantSql({ anonymous: true }, ({ sql: session }) =>
    session.first(
      sql<{ org_name: string; inviter_name: string | null; role: Role; expires_at: Date; state: InvitationPreview["state"] }>`
        SELECT org_name, inviter_name, role, expires_at, state FROM app_preview_invitation(${hashToken(token)})`,
    ),
  );
  if (!row) throw new AppError("NOT_FOUND", "This invitation link is not valid: it may have been withdrawn or replaced by a newer one. Ask for a new one.");
  return {
    organizationName: row.org_name,
    inviterName: row.inviter_name,
    role: row.role,
    expiresAt: new Date(row.expires_at).toISOString(),
    state: row.state,
  };
}
