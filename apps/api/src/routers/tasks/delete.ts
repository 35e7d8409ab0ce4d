import { deleteTaskInputSchema, taskSchema } from "@agency/validators";
import { setTaskDeleted } from "../../services/tasks/tasks";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Moves a task to the trash (soft delete; restorable). */
export const deleteTaskProcedure = orgProcedure
  .meta(can("task:write"))
  .use(rateLimit("write"))
  .input(deleteTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => setTaskDeleted(tenantScope(ctx), input, true));

/** Brings a task back from the trash. */
export const restoreTaskProcedure = orgProcedure
  .meta(can("task:write"))
  .use(rateLimit("write"))
  .input(deleteTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => setTaskDeleted(tenantScope(ctx), input, false));
