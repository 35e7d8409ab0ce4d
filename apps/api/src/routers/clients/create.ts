import { clientSchema, createClientInputSchema } from "@agency/validators";
import { createClient } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

export const createClientProcedure = orgProcedure
  .meta({ permission: "client:write", limit: "write" })
  .input(createClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => createClient(ctx.scope, input));
