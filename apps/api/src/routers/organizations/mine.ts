import { organizationSchema } from "@agency/validators";
import { z } from "zod";
import { listMyOrganizations } from "../../services/organizations/organizations";
import { authedProcedure, rateLimit } from "../../trpc/trpc";

/** The caller's organizations with their role: feeds the organization switcher. */
export const myOrganizationsProcedure = authedProcedure
  .use(rateLimit("read"))
  .output(z.array(organizationSchema))
  .query(({ ctx }) => listMyOrganizations(ctx.prisma, ctx.actor));
