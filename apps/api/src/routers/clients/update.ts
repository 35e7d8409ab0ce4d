import { clientSchema, updateClientInputSchema } from "@agency/validators";
import { updateClient } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

export const updateClientProcedure = orgProcedure
  .meta({
    permission: "client:write",
    limit: "write",
    openapi: {
      method: "PATCH",
      path: "/clients/{clientId}",
      tags: ["Clients"],
      bodyAs: "patch",
      summary: "Update a client",
      description:
        "Changes the fields sent. Send the version you saw in `If-Match`; a stale one gets 412 with the current record.",
    },
  })
  .input(updateClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => updateClient(ctx.scope, input));
