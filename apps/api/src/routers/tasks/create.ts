import { createTaskInputSchema, taskSchema } from "@agency/validators";
import { createTask } from "../../services/tasks/tasks";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** A task at the bottom of its project's status column. */
export const createTaskProcedure = orgProcedure
  .meta(can("task:write"))
  .use(rateLimit("write"))
  .input(createTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => createTask(tenantScope(ctx), input));
