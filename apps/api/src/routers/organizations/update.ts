import { organizationSchema, updateOrganizationInputSchema } from "@agency/validators";
import { renameOrganization } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const updateOrganizationProcedure = orgProcedure
  .meta({
    permission: "org:update",
    limit: "write",
    openapi: {
      method: "PATCH",
      path: "/organization",
      tags: ["Organization"],
      summary: "Rename the organization",
      description: "Changes the organization's display name. Owners and admins only.",
    },
  })
  .input(updateOrganizationInputSchema)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => renameOrganization(ctx.scope, input.name));
