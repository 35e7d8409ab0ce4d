import { changeMemberRoleInputSchema } from "@agency/validators";
import { z } from "zod";
import { changeMembership } from "../../services/organizations/organizations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

export const changeMemberRoleProcedure = orgProcedure
  .meta(can("member:manage"))
  .use(rateLimit("write"))
  .input(changeMemberRoleInputSchema)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx, input }) => changeMembership({ ...ctx, origin: requestOrigin(ctx) }, input.userId, input.role));
