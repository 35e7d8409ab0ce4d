import { memberSchema, orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { listMembers } from "../../services/organizations/organizations";
import { orgProcedure } from "../../trpc/trpc";

export const listMembersProcedure = orgProcedure
  .meta({ permission: "member:read", limit: "read" })
  .input(orgIdInputSchema)
  .output(z.array(memberSchema))
  .query(({ ctx }) => listMembers(ctx.scope));
