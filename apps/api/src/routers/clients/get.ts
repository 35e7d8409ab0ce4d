import { clientIdInputSchema, clientSchema } from "@agency/validators";
import { getClient } from "../../services/clients/clients";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

export const getClientProcedure = orgProcedure
  .meta(can("client:read"))
  .use(rateLimit("read"))
  .input(clientIdInputSchema)
  .output(clientSchema)
  .query(({ ctx, input }) => getClient(tenantScope(ctx), input.clientId));
