import { acceptInvitationInputSchema, organizationSchema } from "@agency/validators";
import { acceptInvitation } from "../../services/invitations/invitations";
import { authedProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** The signed-in user accepts an invitation sent to their email; returns the organization joined. */
export const acceptInvitationProcedure = authedProcedure
  .use(rateLimit("auth"))
  .input(acceptInvitationInputSchema)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => acceptInvitation(ctx.prisma, ctx.actor, input.token, requestOrigin(ctx)));
