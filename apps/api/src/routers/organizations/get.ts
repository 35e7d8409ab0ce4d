import { orgIdInputSchema, organizationSchema } from "@agency/validators";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";

export const getOrganizationProcedure = orgProcedure
  .meta(can("org:read"))
  .use(rateLimit("read"))
  .input(orgIdInputSchema)
  .output(organizationSchema)
  .query(async ({ ctx }) => {
    const org = await ctx.db((tx) =>
      tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { id: true, name: true, slug: true } }),
    );
    return { ...org, role: ctx.org.role };
  });
