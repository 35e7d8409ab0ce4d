import { clientSchema, createClientInputSchema } from "@agency/validators";
import { createClient } from "../../services/clients/clients";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

export const createClientProcedure = orgProcedure
  .meta(can("client:write"))
  .use(rateLimit("write"))
  .input(createClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => createClient(tenantScope(ctx), input));
