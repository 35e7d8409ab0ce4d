import { deleteTaskInputSchema, taskSchema } from "@agency/validators";
import { setTaskDeleted } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

/** Moves a task to the trash (soft delete; restorable). */
export const deleteTaskProcedure = orgProcedure
  .meta({
    permission: "task:write",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/tasks/{taskId}",
      tags: ["Tasks"],
      successStatus: 204,
      summary: "Delete a task",
      description: "Moves the task to the trash. Send the version you saw in `If-Match`.",
    },
  })
  .input(deleteTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => setTaskDeleted(ctx.scope, input, true));

/** Brings a task back from the trash. */
export const restoreTaskProcedure = orgProcedure
  .meta({
    permission: "task:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/tasks/{taskId}/restore",
      tags: ["Tasks"],
      summary: "Restore a task",
      description: "Brings a task back from the trash. Send the trashed version in `If-Match`.",
    },
  })
  .input(deleteTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => setTaskDeleted(ctx.scope, input, false));
