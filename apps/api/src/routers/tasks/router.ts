import { router } from "../../trpc/trpc";
import { createTaskProcedure } from "./create";
import { deleteTaskProcedure, restoreTaskProcedure } from "./delete";
import { getTaskProcedure } from "./get";
import { listTasksProcedure } from "./list";
import { moveTaskProcedure } from "./move";
import { updateTaskProcedure } from "./update";

/** Tasks of the active organization. */
export const tasksRouter = router({
  create: createTaskProcedure,
  get: getTaskProcedure,
  list: listTasksProcedure,
  update: updateTaskProcedure,
  move: moveTaskProcedure,
  delete: deleteTaskProcedure,
  restore: restoreTaskProcedure,
});
