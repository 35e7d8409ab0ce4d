import { createOrganizationInputSchema, organizationSchema } from "@agency/validators";
import { createOrganization } from "../../services/organizations/organizations";
import { authedProcedure } from "../../trpc/trpc";

/** Creates an organization; the caller becomes its owner. */
export const createOrganizationProcedure = authedProcedure
  .meta({ limit: "write" })
  .input(createOrganizationInputSchema)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => createOrganization(ctx.scope, input));
