import { commentSchema, deleteCommentInputSchema } from "@agency/validators";
import { deleteComment } from "../../services/comments/comments";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Soft-deletes a comment: its author, or an admin/owner. */
export const deleteCommentProcedure = orgProcedure
  .meta(can("comment:write"))
  .use(rateLimit("write"))
  .input(deleteCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => deleteComment(tenantScope(ctx), input));
