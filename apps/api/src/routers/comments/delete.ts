import { commentSchema, deleteCommentInputSchema, restoreCommentInputSchema } from "@agency/validators";
import { deleteComment, restoreComment } from "../../services/comments/comments";
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

/** Brings a deleted comment back: its author, or an admin/owner. */
export const restoreCommentProcedure = orgProcedure
  .meta({
    permission: "comment:write",
    limit: "write",
    openapi: {
      method: "POST",
      path: "/comments/{commentId}/restore",
      tags: ["Comments"],
      summary: "Restore a comment",
      description:
        "Brings a deleted comment back (until the trash purge removes it, 30 days by default). Its author or an admin/owner; the task must not be in the trash. Send the deleted comment's version in `If-Match`.",
    },
  })
  .input(restoreCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => restoreComment(ctx.scope, input));
