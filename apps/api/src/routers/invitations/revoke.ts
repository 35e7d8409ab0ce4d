import { invitationIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { revokeInvitation } from "../../services/invitations/invitations";
import { orgProcedure } from "../../trpc/trpc";

export const revokeInvitationProcedure = orgProcedure
  .meta({
    permission: "member:invite",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/invitations/{invitationId}",
      tags: ["Invitations"],
      successStatus: 204,
      summary: "Revoke an invitation",
      description: "The invitation link stops working.",
    },
  })
  .input(invitationIdInputSchema)
  .output(z.object({ revoked: z.literal(true) }))
  .mutation(({ ctx, input }) => revokeInvitation(ctx.scope, input.invitationId));
