import { invitationIdInputSchema, invitationSchema } from "@agency/validators";
import { resendInvitation } from "../../services/invitations/invitations";
import { orgProcedure } from "../../trpc/trpc";

export const resendInvitationProcedure = orgProcedure
  .meta({ permission: "member:invite", limit: "write" })
  .input(invitationIdInputSchema)
  .output(invitationSchema)
  .mutation(({ ctx, input }) => resendInvitation(ctx.scope, ctx.appUrl, input.invitationId));
