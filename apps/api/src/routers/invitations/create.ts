import { createInvitationInputSchema, invitationSchema } from "@agency/validators";
import { createInvitation } from "../../services/invitations/invitations";
import { orgProcedure } from "../../trpc/trpc";

/** Invites an email with a role; the link goes out by email (or the dev outbox). */
export const createInvitationProcedure = orgProcedure
  .meta({ permission: "member:invite", limit: "write" })
  .input(createInvitationInputSchema)
  .output(invitationSchema)
  .mutation(({ ctx, input }) => createInvitation(ctx.scope, ctx.appUrl, input));
