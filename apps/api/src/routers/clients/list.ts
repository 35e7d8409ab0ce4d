import { clientPageSchema, listClientsInputSchema } from "@agency/validators";
import { listClients } from "../../services/clients/clients";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Clients (or the trash), filtered, searched and keyset-paginated. */
export const listClientsProcedure = orgProcedure
  .meta(can("client:read"))
  .use(rateLimit("read"))
  .input(listClientsInputSchema)
  .output(clientPageSchema)
  .query(({ ctx, input }) => listClients(tenantScope(ctx), input));
