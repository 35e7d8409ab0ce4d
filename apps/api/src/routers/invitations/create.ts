import { createInvitationInputSchema, invitationSchema } from "@agency/validators";
import { createInvitation } from "../../services/invitations/invitations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Invites an email with a role; the link goes out by email (or the dev outbox). */
export const createInvitationProcedure = orgProcedure
  .meta(can("member:invite"))
  .use(rateLimit("write"))
  .input(createInvitationInputSchema)
  .output(invitationSchema)
  .mutation(({ ctx, input }) => createInvitation({ ...ctx, origin: requestOrigin(ctx) }, input));
