import { commentSchema, updateCommentInputSchema } from "@agency/validators";
import { updateComment } from "../../services/comments/comments";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** The author edits their comment; a stale expectedVersion gets CONFLICT with the current comment. */
export const updateCommentProcedure = orgProcedure
  .meta(can("comment:write"))
  .use(rateLimit("write"))
  .input(updateCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => updateComment(tenantScope(ctx), input));
