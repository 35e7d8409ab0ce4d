import { acceptInvitationInputSchema, organizationSchema } from "@agency/validators";
import { acceptInvitation } from "../../services/invitations/invitations";
import { authedProcedure } from "../../trpc/trpc";

/** The signed-in user accepts an invitation sent to their email; returns the organization joined. */
export const acceptInvitationProcedure = authedProcedure
  .meta({ limit: "auth" })
  .input(acceptInvitationInputSchema)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => acceptInvitation(ctx.scope, input.token));
