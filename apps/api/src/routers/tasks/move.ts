import { moveTaskInputSchema, taskSchema } from "@agency/validators";
import { moveTask } from "../../services/tasks/move";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a task to a status column, after a given task or at the top; the server picks the position. */
export const moveTaskProcedure = orgProcedure
  .meta({ permission: "task:write", limit: "write" })
  .input(moveTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => moveTask(ctx.scope, input));
