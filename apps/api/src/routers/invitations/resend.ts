import { invitationIdInputSchema, invitationSchema } from "@agency/validators";
import { resendInvitation } from "../../services/invitations/invitations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

export const resendInvitationProcedure = orgProcedure
  .meta(can("member:invite"))
  .use(rateLimit("write"))
  .input(invitationIdInputSchema)
  .output(invitationSchema)
  .mutation(({ ctx, input }) => resendInvitation({ ...ctx, origin: requestOrigin(ctx) }, input.invitationId));
