import { z } from "zod";
import { emailSchema } from "./auth";
import { orgIdInputSchema } from "./organizations";
import { roleSchema } from "./permissions";
import { text } from "./primitives";

export const INVITATION_TTL_DAYS = 7;

export const createInvitationInputSchema = orgIdInputSchema.extend({ email: emailSchema, role: roleSchema });
export const invitationIdInputSchema = orgIdInputSchema.extend({ invitationId: z.uuid() });
export const acceptInvitationInputSchema = z.object({
  token: text({ trim: false, min: 20, minMessage: "This invitation link is incomplete", max: 200 }),
});

export const invitationStatusSchema = z.enum(["pending", "accepted", "revoked", "expired"]);

export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: roleSchema,
  status: invitationStatusSchema,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});

/**
 * What the invitation page shows before anyone accepts (invitations.preview): the organization,
 * who invited and as what — nothing else (no ids, no email). `state` says whether the link can
 * still be accepted.
 */
export const invitationPreviewSchema = z.object({
  organizationName: z.string(),
  /** The inviter's display name; null when their account no longer exists. */
  inviterName: z.string().nullable(),
  role: roleSchema,
  expiresAt: z.iso.datetime(),
  state: z.enum(["pending", "accepted", "expired"]),
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

export const outboxEmailSchema = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime(),
});
