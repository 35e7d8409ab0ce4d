import type { Prisma } from "@agency/db";
import type { CommentDto } from "@agency/validators";

export const COMMENT_FIELDS = {
  id: true,
  taskId: true,
  authorId: true,
  author: { select: { id: true, name: true } },
  body: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
} as const satisfies Prisma.TaskCommentSelect;

export type CommentRow = Prisma.TaskCommentGetPayload<{ select: typeof COMMENT_FIELDS }>;

export function toCommentDto(row: CommentRow): CommentDto {
  return {
    id: row.id,
    taskId: row.taskId,
    // Null when the author's account is gone (SET NULL) or no longer visible to this organization.
    author: row.author,
    body: row.body,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    // Only a body edit bumps the version of a live comment.
    edited: row.version > 1,
  };
}
