import { removeMemberInputSchema } from "@agency/validators";
import { z } from "zod";
import { changeMembership } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

/** Removes another member; they lose access on their next request. */
export const removeMemberProcedure = orgProcedure
  .meta({
    permission: "member:manage",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/members/{userId}",
      tags: ["Members"],
      successStatus: 204,
      summary: "Remove a member",
      description: "Removes the member from the organization. The last owner cannot be removed.",
    },
  })
  .input(removeMemberInputSchema)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx, input }) => changeMembership(ctx.scope, input.userId, null));
