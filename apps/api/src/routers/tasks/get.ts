import { taskIdInputSchema, taskSchema } from "@agency/validators";
import { getTask } from "../../services/tasks/tasks";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

export const getTaskProcedure = orgProcedure
  .meta(can("task:read"))
  .use(rateLimit("read"))
  .input(taskIdInputSchema)
  .output(taskSchema)
  .query(({ ctx, input }) => getTask(tenantScope(ctx), input.taskId));
