import { invitationIdInputSchema, invitationSchema } from "@agency/validators";
import { getInvitation } from "../../services/invitations/invitations";
import { orgProcedure } from "../../trpc/trpc";

/** One invitation, whatever its status: where `POST /invitations` points (`Location`). */
export const getInvitationProcedure = orgProcedure
  .meta({
    permission: "member:invite",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/invitations/{invitationId}",
      tags: ["Invitations"],
      summary: "Get an invitation",
      description: "One invitation of the organization with its status (pending, accepted, revoked, expired).",
    },
  })
  .input(invitationIdInputSchema)
  .output(invitationSchema)
  .query(({ ctx, input }) => getInvitation(ctx.scope, input.invitationId));
