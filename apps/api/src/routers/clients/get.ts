import { clientIdInputSchema, clientSchema } from "@agency/validators";
import { getClient } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

export const getClientProcedure = orgProcedure
  .meta({ permission: "client:read", limit: "read" })
  .input(clientIdInputSchema)
  .output(clientSchema)
  .query(({ ctx, input }) => getClient(ctx.scope, input.clientId));
