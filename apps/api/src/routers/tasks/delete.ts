import { deleteTaskInputSchema, taskSchema } from "@agency/validators";
import { setTaskDeleted } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a task to the trash (soft delete; restorable). */
export const deleteTaskProcedure = orgProcedure
  .meta({ permission: "task:write", limit: "write" })
  .input(deleteTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => setTaskDeleted(ctx.scope, input, true));

/** Brings a task back from the trash. */
export const restoreTaskProcedure = orgProcedure
  .meta({ permission: "task:write", limit: "write" })
  .input(deleteTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => setTaskDeleted(ctx.scope, input, false));
