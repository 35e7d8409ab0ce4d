import { invitationIdInputSchema, invitationSchema } from "@agency/validators";
import { resendInvitation } from "../../services/invitations/invitations";
import { orgProcedure } from "../../trpc/trpc";

export const resendInvitationProcedure = orgProcedure
  .meta({
    permission: "member:invite",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/invitations/{invitationId}/resend",
      tags: ["Invitations"],
      summary: "Resend an invitation",
      description: "Sends the invitation email again with a fresh link and a new 7-day expiry.",
    },
  })
  .input(invitationIdInputSchema)
  .output(invitationSchema)
  .mutation(({ ctx, input }) => resendInvitation(ctx.scope, ctx.appUrl, input.invitationId));
