import { listTasksInputSchema, taskPageSchema } from "@agency/validators";
import { listTasks } from "../../services/tasks/list";
import { orgProcedure } from "../../trpc/trpc";

/** Tasks (or the trash), filtered, searched and keyset-paginated in one of four orders. */
export const listTasksProcedure = orgProcedure
  .meta({ permission: "task:read", limit: "read", sqlOnly: true })
  .input(listTasksInputSchema)
  .output(taskPageSchema)
  .query(({ ctx, input }) => listTasks(ctx.scope, input));
