import { commentPageSchema, listCommentsInputSchema } from "@agency/validators";
import { listComments } from "../../services/comments/comments";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { tenantScope } from "../tenant-scope";

/** A live task's comments, oldest first, keyset-paginated. */
export const listCommentsProcedure = orgProcedure
  .meta(can("comment:read"))
  .use(rateLimit("read"))
  .input(listCommentsInputSchema)
  .output(commentPageSchema)
  .query(({ ctx, input }) => listComments(tenantScope(ctx), input));
