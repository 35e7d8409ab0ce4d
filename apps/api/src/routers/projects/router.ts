import { router } from "../../trpc/trpc";
import { createProjectProcedure } from "./create";
import { deleteProjectProcedure, restoreProjectProcedure } from "./delete";
import { getProjectProcedure } from "./get";
import { listProjectsProcedure } from "./list";
import { updateProjectProcedure } from "./update";

/** Projects of the active organization. */
export const projectsRouter = router({
  create: createProjectProcedure,
  get: getProjectProcedure,
  list: listProjectsProcedure,
  update: updateProjectProcedure,
  delete: deleteProjectProcedure,
  restore: restoreProjectProcedure,
});
