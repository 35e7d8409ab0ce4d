import { moveTaskInputSchema, taskSchema } from "@agency/validators";
import { moveTask } from "../../services/tasks/move";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Moves a task to a status column, after a given task or at the top; the server picks the position. */
export const moveTaskProcedure = orgProcedure
  .meta(can("task:write"))
  .use(rateLimit("write"))
  .input(moveTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => moveTask(tenantScope(ctx), input));
