import { organizationSchema, updateOrganizationInputSchema } from "@agency/validators";
import { renameOrganization } from "../../services/organizations/organizations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { requestOrigin } from "../auth/origin";

export const updateOrganizationProcedure = orgProcedure
  .meta(can("org:update"))
  .use(rateLimit("write"))
  .input(updateOrganizationInputSchema)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => renameOrganization({ ...ctx, origin: requestOrigin(ctx) }, input.name));
