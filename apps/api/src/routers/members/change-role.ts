import { changeMemberRoleInputSchema } from "@agency/validators";
import { z } from "zod";
import { changeMembership } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const changeMemberRoleProcedure = orgProcedure
  .meta({
    permission: "member:manage",
    limit: "write",
    openapi: {
      method: "PATCH",
      path: "/members/{userId}",
      tags: ["Members"],
      summary: "Change a member's role",
      description:
        "Sets the member's role. An organization keeps at least one owner; only owners grant or take the owner role.",
    },
  })
  .input(changeMemberRoleInputSchema)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx, input }) => changeMembership(ctx.scope, input.userId, input.role));
