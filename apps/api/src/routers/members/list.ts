import { memberSchema, orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { listMembers } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const listMembersProcedure = orgProcedure
  .meta({
    permission: "member:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/members",
      tags: ["Members"],
      summary: "List members",
      description:
        "Every member of the organization with their role, oldest first (not paginated: organizations are small).",
    },
  })
  .input(orgIdInputSchema)
  .output(z.array(memberSchema))
  .query(({ ctx }) => listMembers(ctx.scope));
