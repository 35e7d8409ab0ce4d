import { clientSchema, updateClientInputSchema } from "@agency/validators";
import { updateClient } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

export const updateClientProcedure = orgProcedure
  .meta({ permission: "client:write", limit: "write" })
  .input(updateClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => updateClient(ctx.scope, input));
