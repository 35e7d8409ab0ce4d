import { createOrganizationInputSchema, organizationSchema } from "@agency/validators";
import { createOrganization } from "../../services/organizations/organizations";
import { authedProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

/** Creates an organization; the caller becomes its owner. */
export const createOrganizationProcedure = authedProcedure
  .use(rateLimit("write"))
  .input(createOrganizationInputSchema)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => createOrganization(ctx.prisma, ctx.actor, input, requestOrigin(ctx)));
