import { router } from "../../trpc/trpc";
import { createClientProcedure } from "./create";
import { deleteClientProcedure, restoreClientProcedure } from "./delete";
import { getClientProcedure } from "./get";
import { listClientsProcedure } from "./list";
import { updateClientProcedure } from "./update";

export const clientsRouter = router({
  create: createClientProcedure,
  get: getClientProcedure,
  list: listClientsProcedure,
  update: updateClientProcedure,
  delete: deleteClientProcedure,
  restore: restoreClientProcedure,
});
