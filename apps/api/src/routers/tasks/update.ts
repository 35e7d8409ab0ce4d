import { taskSchema, updateTaskInputSchema } from "@agency/validators";
import { updateTask } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

/** Edits fields (not status or order: see move), guarded by the version. */
export const updateTaskProcedure = orgProcedure
  .meta({ permission: "task:write", limit: "write" })
  .input(updateTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => updateTask(ctx.scope, input));
