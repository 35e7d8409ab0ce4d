import { removeMemberInputSchema } from "@agency/validators";
import { z } from "zod";
import { changeMembership } from "../../services/organizations/organizations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Removes another member; they lose access on their next request. */
export const removeMemberProcedure = orgProcedure
  .meta(can("member:manage"))
  .use(rateLimit("write"))
  .input(removeMemberInputSchema)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx, input }) => changeMembership({ ...ctx, origin: requestOrigin(ctx) }, input.userId, null));
