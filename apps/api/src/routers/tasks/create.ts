import { createTaskInputSchema, taskSchema } from "@agency/validators";
import { createTask } from "../../services/tasks/tasks";
import { orgProcedure } from "../../trpc/trpc";

/** A task at the bottom of its project's status column. */
export const createTaskProcedure = orgProcedure
  .meta({
    permission: "task:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/tasks",
      tags: ["Tasks"],
      successStatus: 201,
      location: "/tasks/{id}",
      summary: "Create a task",
      description: "Creates a task in a project (`projectId` in the body), at the top of its status column.",
    },
  })
  .input(createTaskInputSchema)
  .output(taskSchema)
  .mutation(({ ctx, input }) => createTask(ctx.scope, input));
