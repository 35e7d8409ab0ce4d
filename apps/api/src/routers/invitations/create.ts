import { createInvitationInputSchema, invitationSchema } from "@agency/validators";
import { createInvitation } from "../../services/invitations/invitations";
import { orgProcedure } from "../../trpc/trpc";

/** Invites an email with a role; the link goes out by email (or the dev outbox). */
export const createInvitationProcedure = orgProcedure
  .meta({
    permission: "member:invite",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/invitations",
      tags: ["Invitations"],
      successStatus: 201,
      location: "/invitations/{id}",
      summary: "Invite someone",
      description: "Sends an invitation email with a one-time link valid for 7 days.",
    },
  })
  .input(createInvitationInputSchema)
  .output(invitationSchema)
  .mutation(({ ctx, input }) => createInvitation(ctx.scope, ctx.appUrl, input));
