import { clientSchema, deleteClientInputSchema } from "@agency/validators";
import { setClientDeleted } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a client to the trash (soft delete; restorable). */
export const deleteClientProcedure = orgProcedure
  .meta({
    permission: "client:write",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/clients/{clientId}",
      tags: ["Clients"],
      successStatus: 204,
      summary: "Delete a client",
      description:
        "Moves the client to the trash (restorable until the trash is purged). Send the version you saw in `If-Match`.",
    },
  })
  .input(deleteClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => setClientDeleted(ctx.scope, input, true));

/** Brings a client back from the trash. */
export const restoreClientProcedure = orgProcedure
  .meta({
    permission: "client:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/clients/{clientId}/restore",
      tags: ["Clients"],
      summary: "Restore a client",
      description: "Brings a client back from the trash. Send the trashed version in `If-Match`.",
    },
  })
  .input(deleteClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => setClientDeleted(ctx.scope, input, false));
