import { clientSchema, updateClientInputSchema } from "@agency/validators";
import { updateClient } from "../../services/clients/clients";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

export const updateClientProcedure = orgProcedure
  .meta(can("client:write"))
  .use(rateLimit("write"))
  .input(updateClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => updateClient(tenantScope(ctx), input));
