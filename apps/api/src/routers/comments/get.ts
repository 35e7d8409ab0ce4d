import { commentIdInputSchema, commentSchema } from "@agency/validators";
import { getComment } from "../../services/comments/comments";
import { orgProcedure } from "../../trpc/trpc";

/** One live comment: where `POST /tasks/{taskId}/comments` points (`Location`). */
export const getCommentProcedure = orgProcedure
  .meta({
    permission: "comment:read",
    limit: "read",
    openapi: {
      method: "GET",
      path: "/comments/{commentId}",
      tags: ["Comments"],
      summary: "Get a comment",
      description:
        "One comment of a live task; its `ETag` is the version to send in `If-Match` when editing or deleting it. A deleted comment is 404, as in the list.",
    },
  })
  .input(commentIdInputSchema)
  .output(commentSchema)
  .query(({ ctx, input }) => getComment(ctx.scope, input.commentId));
