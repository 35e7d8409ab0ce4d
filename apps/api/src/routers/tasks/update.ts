import { taskSchema, updateTaskInputSchema } from "@agency/validators";
import { updateTask } from "../../services/tasks/tasks";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Edits fields (not status or order: see move), guarded by the version. */
export const updateTaskProcedure = orgProcedure
  .meta(can("task:write"))
  .use(rateLimit("write"))
  .input(updateTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => updateTask(tenantScope(ctx), input));
