import { taskSchema, updateTaskInputSchema } from "@agency/validators";
import { updateTask } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

/** Edits fields (not status or order: see move), guarded by the version. */
export const updateTaskProcedure = orgProcedure
  .meta({
    permission: "task:write",
    limit: "write",
    openapi: {
      method: "PATCH",
      path: "/tasks/{taskId}",
      tags: ["Tasks"],
      bodyAs: "patch",
      summary: "Update a task",
      description:
        "Changes the fields sent (status and order change through move). Send the version you saw in `If-Match`; a stale one gets 412 with the current record.",
    },
  })
  .input(updateTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => updateTask(ctx.scope, input));
