import { clientSchema, createClientInputSchema } from "@agency/validators";
import { createClient } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

export const createClientProcedure = orgProcedure
  .meta({
    permission: "client:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/clients",
      tags: ["Clients"],
      successStatus: 201,
      location: "/clients/{id}",
      summary: "Create a client",
      description: "Creates a client of the organization.",
    },
  })
  .input(createClientInputSchema)
  .output(clientSchema)
  .mutation(({ ctx, input }) => createClient(ctx.scope, input));
