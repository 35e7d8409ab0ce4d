import { moveTaskInputSchema, taskSchema } from "@agency/validators";
import { moveTask } from "../../services/tasks/move";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a task to a status column, after a given task or at the top; the server picks the position. */
export const moveTaskProcedure = orgProcedure
  .meta({
    permission: "task:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/tasks/{taskId}/move",
      tags: ["Tasks"],
      summary: "Move a task",
      description:
        "Moves the task to a status column, right after `afterTaskId` (or to the top when null). Send the version you saw in `If-Match`.",
    },
  })
  .input(moveTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => moveTask(ctx.scope, input));
