import { listTasksInputSchema, taskPageSchema } from "@agency/validators";
import { listTasks } from "../../services/tasks/list";
import { orgProcedure } from "../../trpc/trpc";

/**
 * Tasks (or the trash), filtered, searched and keyset-paginated in one of four orders.
 * Hot read path: no runtime `.output()` — the answer is built field by field by `toTaskDto`,
 * typed by `taskPageSchema` (TaskDto is its z.infer), and test/task-contract.test.ts parses
 * real answers strictly against the schema. Re-validating 50 tasks cost ~6% of the call's CPU.
 */
export const listTasksProcedure = orgProcedure
  .meta({
    permission: "task:read",
    limit: "read",
    sqlOnly: true,
    openapi: [
      {
        method: "GET",
        path: "/tasks",
        tags: ["Tasks"],
        responseSchema: taskPageSchema,
        summary: "List tasks",
        description:
          "Tasks of the organization (or the trash with `deleted=true`), filtered, searched and cursor-paginated in one of four orders.",
      },
      {
        method: "GET",
        path: "/projects/{projectId}/tasks",
        operationId: "projects-tasks-list",
        tags: ["Tasks"],
        responseSchema: taskPageSchema,
        summary: "List a project's tasks",
        description:
          "The tasks of one project, with the same filters, orders and pagination as `GET /tasks`; `sort=position` gives board order.",
      },
    ],
  })
  .input(listTasksInputSchema)
  .query(({ ctx, input }) => listTasks(ctx.scope, input));
