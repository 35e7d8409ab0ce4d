import { organizationSchema } from "@agency/validators";
import { z } from "zod";
import { listMyOrganizations } from "../../services/organizations/organizations";
import { authedProcedure } from "../../trpc/trpc";

/** The caller's organizations with their role: feeds the organization switcher. */
export const myOrganizationsProcedure = authedProcedure
  .meta({ limit: "read" })
  .output(z.array(organizationSchema))
  .query(({ ctx }) => listMyOrganizations(ctx.scope));
