import { clientIdInputSchema, clientSchema } from "@agency/validators";
import { getClient } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

export const getClientProcedure = orgProcedure
  .meta({
    permission: "client:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/clients/{clientId}",
      tags: ["Clients"],
      summary: "Get a client",
      description: "One client; its `ETag` is the version to send in `If-Match` when changing it.",
    },
  })
  .input(clientIdInputSchema)
  .output(clientSchema)
  .query(({ ctx, input }) => getClient(ctx.scope, input.clientId));
