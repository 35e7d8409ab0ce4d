import { clientSchema, deleteClientInputSchema } from "@agency/validators";
import { setClientDeleted } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a client to the trash (soft delete; restorable). */
export const deleteClientProcedure = orgProcedure
  .meta({ permission: "client:write", limit: "write" })
  .input(deleteClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => setClientDeleted(ctx.scope, input, true));

/** Brings a client back from the trash. */
export const restoreClientProcedure = orgProcedure
  .meta({ permission: "client:write", limit: "write" })
  .input(deleteClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => setClientDeleted(ctx.scope, input, false));
