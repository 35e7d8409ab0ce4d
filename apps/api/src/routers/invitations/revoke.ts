import { invitationIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { revokeInvitation } from "../../services/invitations/invitations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

export const revokeInvitationProcedure = orgProcedure
  .meta(can("member:invite"))
  .use(rateLimit("write"))
  .input(invitationIdInputSchema)
  .output(z.object({ revoked: z.literal(true) }))
  .mutation(({ ctx, input }) => revokeInvitation({ ...ctx, origin: requestOrigin(ctx) }, input.invitationId));
