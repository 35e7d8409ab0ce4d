import { commentPageSchema, listCommentsInputSchema } from "@agency/validators";
import { listComments } from "../../services/comments/comments";
import { orgProcedure } from "../../trpc/trpc";

/** A live task's comments, oldest first, keyset-paginated. */
export const listCommentsProcedure = orgProcedure
  .meta({
    permission: "comment:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/tasks/{taskId}/comments",
      tags: ["Comments"],
      summary: "List a task's comments",
      description: "Comments of the task, oldest first, cursor-paginated.",
    },
  })
  .input(listCommentsInputSchema)
  .output(commentPageSchema)
  .query(({ ctx, input }) => listComments(ctx.scope, input));
