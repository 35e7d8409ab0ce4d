import { clientSchema, deleteClientInputSchema } from "@agency/validators";
import { setClientDeleted } from "../../services/clients/clients";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Moves a client to the trash (soft delete; restorable). */
export const deleteClientProcedure = orgProcedure
  .meta(can("client:write"))
  .use(rateLimit("write"))
  .input(deleteClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => setClientDeleted(tenantScope(ctx), input, true));

/** Brings a client back from the trash. */
export const restoreClientProcedure = orgProcedure
  .meta(can("client:write"))
  .use(rateLimit("write"))
  .input(deleteClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => setClientDeleted(tenantScope(ctx), input, false));
