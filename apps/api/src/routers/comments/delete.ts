import { commentSchema, deleteCommentInputSchema } from "@agency/validators";
import { deleteComment } from "../../services/comments/comments";
import { orgProcedure } from "../../trpc/trpc";

/** Soft-deletes a comment: its author, or an admin/owner. */
export const deleteCommentProcedure = orgProcedure
  .meta({
    permission: "comment:write",
    limit: "write",
    openapi: {
      method: "DELETE",
      path: "/comments/{commentId}",
      tags: ["Comments"],
      successStatus: 204,
      summary: "Delete a comment",
      description: "Authors delete their own comments, admins and owners any. Send the version you saw in `If-Match`.",
    },
  })
  .input(deleteCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => deleteComment(ctx.scope, input));
