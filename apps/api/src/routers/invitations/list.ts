import { invitationSchema, orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { listInvitations } from "../../services/invitations/invitations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";

export const listInvitationsProcedure = orgProcedure
  .meta(can("member:invite"))
  .use(rateLimit("read"))
  .input(orgIdInputSchema)
  .output(z.array(invitationSchema))
  .query(({ ctx }) => listInvitations(ctx));
