import { invitationSchema, orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { listInvitations } from "../../services/invitations/invitations";
import { orgProcedure } from "../../trpc/trpc";

export const listInvitationsProcedure = orgProcedure
  .meta({
    permission: "member:invite",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/invitations",
      tags: ["Invitations"],
      summary: "List invitations",
      description:
        "Invitations of the organization, newest first, with their status (pending, accepted, revoked, expired).",
    },
  })
  .input(orgIdInputSchema)
  .output(z.array(invitationSchema))
  .query(({ ctx }) => listInvitations(ctx.scope));
