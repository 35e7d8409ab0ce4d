import { router } from "../../trpc/trpc";
import { createCommentProcedure } from "./create";
import { deleteCommentProcedure, restoreCommentProcedure } from "./delete";
import { getCommentProcedure } from "./get";
import { listCommentsProcedure } from "./list";
import { updateCommentProcedure } from "./update";

/** Comments on tasks. */
export const commentsRouter = router({
  list: listCommentsProcedure,
  get: getCommentProcedure,
  create: createCommentProcedure,
  update: updateCommentProcedure,
  delete: deleteCommentProcedure,
  restore: restoreCommentProcedure,
});
