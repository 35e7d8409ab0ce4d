import { orgIdInputSchema, organizationSchema } from "@agency/validators";
import { getOrganization } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const getOrganizationProcedure = orgProcedure
  .meta({ permission: "org:read", limit: "read" })
  .input(orgIdInputSchema)
  .output(organizationSchema)
  .query(({ ctx }) => getOrganization(ctx.scope));
