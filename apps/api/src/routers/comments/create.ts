import { commentSchema, createCommentInputSchema } from "@agency/validators";
import { createComment } from "../../services/comments/comments";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** Posts a comment on a live task as the caller. */
export const createCommentProcedure = orgProcedure
  .meta(can("comment:write"))
  .use(rateLimit("write"))
  .input(createCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => createComment(tenantScope(ctx), input));
