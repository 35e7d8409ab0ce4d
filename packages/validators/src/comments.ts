import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";
import { recordVersionSchema, text } from "./primitives";

/** Markdown. */
export const commentBodySchema = text({
  min: 1,
  minMessage: "Write something first",
  max: 10_000,
  maxMessage: "Comments must be at most 10,000 characters",
});

export const createCommentInputSchema = orgIdInputSchema.extend({ taskId: z.uuid(), body: commentBodySchema });
/** Authors edit their own comments. */
export const updateCommentInputSchema = orgIdInputSchema.extend({
  commentId: z.uuid(),
  expectedVersion: recordVersionSchema,
  body: commentBodySchema,
});
/** One live comment (comments.get). */
export const commentIdInputSchema = orgIdInputSchema.extend({ commentId: z.uuid() });
/** Authors delete their own; admins and owners any (soft delete). */
export const deleteCommentInputSchema = commentIdInputSchema.extend({ expectedVersion: recordVersionSchema });
/** The author or an admin/owner brings a deleted comment back; `expectedVersion` is the deleted one's. */
export const restoreCommentInputSchema = deleteCommentInputSchema;
/** Oldest first, keyset-paginated. */
export const listCommentsInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({ taskId: z.uuid() });

export const commentSchema = z.object({
  id: z.uuid(),
  taskId: z.uuid(),
  author: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  body: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Set when the body changed after posting. */
  edited: z.boolean(),
});
export type CommentDto = z.infer<typeof commentSchema>;

export const commentPageSchema = z.object({ items: z.array(commentSchema), nextCursor: z.string().nullable() });
