import { changeMemberRoleInputSchema } from "@agency/validators";
import { z } from "zod";
import { changeMembership } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const changeMemberRoleProcedure = orgProcedure
  .meta({ permission: "member:manage", limit: "write" })
  .input(changeMemberRoleInputSchema)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx, input }) => changeMembership(ctx.scope, input.userId, input.role));
