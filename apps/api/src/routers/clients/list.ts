import { clientPageSchema, listClientsInputSchema } from "@agency/validators";
import { listClients } from "../../services/clients/clients";
import { orgProcedure } from "../../trpc/trpc";

/** Clients (or the trash), filtered, searched and keyset-paginated. */
export const listClientsProcedure = orgProcedure
  .meta({
    permission: "client:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/clients",
      tags: ["Clients"],
      summary: "List clients",
      description:
        "Clients of the organization, filtered and cursor-paginated (pass `meta.nextCursor` back as `cursor`).",
    },
  })
  .input(listClientsInputSchema)
  .output(clientPageSchema)
  .query(({ ctx, input }) => listClients(ctx.scope, input));
