import { orgIdInputSchema, organizationSchema } from "@agency/validators";
import { getOrganization } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const getOrganizationProcedure = orgProcedure
  .meta({
    permission: "org:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/organization",
      tags: ["Organization"],
      summary: "Get the organization",
      description:
        "The organization the call acts in (the `x-org-id` header or `orgId` query parameter) and the caller's role in it.",
    },
  })
  .input(orgIdInputSchema)
  .output(organizationSchema)
  .query(({ ctx }) => getOrganization(ctx.scope));
