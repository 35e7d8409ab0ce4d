import { orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { changeMembership } from "../../services/organizations/organizations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Leaves the organization (the last owner cannot). */
export const leaveOrganizationProcedure = orgProcedure
  .meta(can("org:read"))
  .use(rateLimit("write"))
  .input(orgIdInputSchema)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx }) => changeMembership({ ...ctx, origin: requestOrigin(ctx) }, ctx.actor.userId, null));
