import { taskIdInputSchema, taskSchema } from "@agency/validators";
import { getTask } from "../../services/tasks/tasks";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { taskScope } from "./scope";

export const getTaskProcedure = orgProcedure
  .meta(can("task:read"))
  .use(rateLimit("read"))
  .input(taskIdInputSchema)
  .output(taskSchema)
  .query(({ ctx, input }) => getTask(taskScope(ctx), input.taskId));
