import { acceptInvitationInputSchema, invitationPreviewSchema } from "@agency/validators";
import { previewInvitation } from "../../services/invitations/invitations";
import { internalProcedure } from "../../trpc/trpc";

/**
 * Web server only (the invitation page, signed in or not): who invited the link's holder to
 * which organization, as what, and whether the link still works. Rate-limited per client address
 * like every other link-token lookup, so tokens cannot be probed in bulk.
 */
export const previewInvitationProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(acceptInvitationInputSchema)
  .output(invitationPreviewSchema)
  .query(({ ctx, input }) => previewInvitation(ctx.db, input.token));
