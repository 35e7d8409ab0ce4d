import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";

export const commentBodySchema = z
  .string()
  .trim()
  .min(1, "Write something first")
  .max(10_000, "Comments must be at most 10,000 characters");

export const createCommentInputSchema = orgIdInputSchema.extend({ taskId: z.uuid(), body: commentBodySchema });
/** Authors edit their own comments. */
export const updateCommentInputSchema = orgIdInputSchema.extend({
  commentId: z.uuid(),
  expectedVersion: z.number().int().min(1),
  body: commentBodySchema,
});
/** Authors delete their own; admins and owners any (soft delete). */
export const deleteCommentInputSchema = orgIdInputSchema.extend({
  commentId: z.uuid(),
  expectedVersion: z.number().int().min(1),
});
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
