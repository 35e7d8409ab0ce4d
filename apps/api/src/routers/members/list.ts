import { memberSchema, orgIdInputSchema } from "@agency/validators";
import { z } from "zod";
import { listMembers } from "../../services/organizations/organizations";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";

export const listMembersProcedure = orgProcedure
  .meta(can("member:read"))
  .use(rateLimit("read"))
  .input(orgIdInputSchema)
  .output(z.array(memberSchema))
  .query(({ ctx }) => listMembers(ctx));
