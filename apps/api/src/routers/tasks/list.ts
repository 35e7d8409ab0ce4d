import { listTasksInputSchema, taskPageSchema } from "@agency/validators";
import { listTasks } from "../../services/tasks/list";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Tasks (or the trash), filtered, searched and keyset-paginated in one of four orders. */
export const listTasksProcedure = orgProcedure
  .meta(can("task:read"))
  .use(rateLimit("read"))
  .input(listTasksInputSchema)
  .output(taskPageSchema)
  .query(({ ctx, input }) => listTasks(tenantScope(ctx), input));
