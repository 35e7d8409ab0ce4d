import { commentSchema, updateCommentInputSchema } from "@agency/validators";
import { updateComment } from "../../services/comments/comments";
import { orgProcedure } from "../../trpc/trpc";

/** The author edits their comment; a stale expectedVersion gets CONFLICT with the current comment. */
export const updateCommentProcedure = orgProcedure
  .meta({
    permission: "comment:write",
    limit: "write",
    openapi: {
      method: "PATCH",
      path: "/comments/{commentId}",
      tags: ["Comments"],
      summary: "Edit a comment",
      description: "Authors edit their own comments. Send the version you saw in `If-Match`; a stale one gets 412.",
    },
  })
  .input(updateCommentInputSchema)
  .output(commentSchema)
  .mutation(({ ctx, input }) => updateComment(ctx.scope, input));
