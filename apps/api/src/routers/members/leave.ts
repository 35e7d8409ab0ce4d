import { orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { changeMembership } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

/** Leaves the organization (the last owner cannot). */
export const leaveOrganizationProcedure = orgProcedure
  .meta({ permission: "org:read", limit: "write" })
  .input(orgIdInputSchema)
  .output(z.object({ changed: z.boolean() }))
  .mutation(({ ctx }) => changeMembership(ctx.scope, ctx.scope.actor.userId, null));
