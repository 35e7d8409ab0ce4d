import { router } from "../../trpc/trpc";
import { acceptInvitationProcedure } from "./accept";
import { createInvitationProcedure } from "./create";
import { getInvitationProcedure } from "./get";
import { listInvitationsProcedure } from "./list";
import { previewInvitationProcedure } from "./preview";
import { resendInvitationProcedure } from "./resend";
import { revokeInvitationProcedure } from "./revoke";

export const invitationsRouter = router({
  create: createInvitationProcedure,
  list: listInvitationsProcedure,
  get: getInvitationProcedure,
  resend: resendInvitationProcedure,
  revoke: revokeInvitationProcedure,
  accept: acceptInvitationProcedure,
  preview: previewInvitationProcedure,
});
