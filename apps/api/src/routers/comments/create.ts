import { commentSchema, createCommentInputSchema } from "@agency/validators";
import { createComment } from "../../services/comments/comments";
import { orgProcedure } from "../../trpc/trpc";

/** Posts a comment on a live task as the caller. */
export const createCommentProcedure = orgProcedure
  .meta({
    permission: "comment:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/tasks/{taskId}/comments",
      tags: ["Comments"],
      successStatus: 201,
      location: "/comments/{id}",
      summary: "Comment on a task",
      description: "Adds a comment (Markdown) to the task.",
    },
  })
  .input(createCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => createComment(ctx.scope, input));
