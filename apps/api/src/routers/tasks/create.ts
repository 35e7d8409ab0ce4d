import { createTaskInputSchema, taskSchema } from "@agency/validators";
import { createTask } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

/** A task at the bottom of its project's status column. */
export const createTaskProcedure = orgProcedure
  .meta({ permission: "task:write", limit: "write" })
  .input(createTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => createTask(ctx.scope, input));
