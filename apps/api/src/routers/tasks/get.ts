import { taskIdInputSchema, taskSchema } from "@agency/validators";
import { getTask } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

/** Hot read path, typed by `taskSchema` through `toTaskDto`: see list.ts and test/task-contract.test.ts. */
export const getTaskProcedure = orgProcedure
  .meta({
    permission: "task:read",
    limit: "read",
    sqlOnly: true,
    openapi: {
      method: "GET",
      path: "/tasks/{taskId}",
      tags: ["Tasks"],
      responseSchema: taskSchema,
      summary: "Get a task",
      description: "One task; its `ETag` is the version to send in `If-Match`.",
    },
  })
  .input(taskIdInputSchema)
  .query(({ ctx, input }) => getTask(ctx.scope, input.taskId));
