import { taskIdInputSchema, taskSchema } from "@agency/validators";
import { getTask } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

export const getTaskProcedure = orgProcedure
  .meta({ permission: "task:read", limit: "read", sqlOnly: true })
  .input(taskIdInputSchema)
  .output(taskSchema)
  .query(({ ctx, input }) => getTask(ctx.scope, input.taskId));
