import { commentSchema, deleteCommentInputSchema } from "@agency/validators";
import { deleteComment } from "../../services/comments/comments";
import { orgProcedure } from "../../trpc/trpc";

/** Soft-deletes a comment: its author, or an admin/owner. */
export const deleteCommentProcedure = orgProcedure
  .meta({ permission: "comment:write", limit: "write" })
  .input(deleteCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => deleteComment(ctx.scope, input));
