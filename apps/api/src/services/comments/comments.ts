import type { Prisma } from "@agency/db";
import {
  type createCommentInputSchema,
  type deleteCommentInputSchema,
  type restoreCommentInputSchema,
  type listCommentsInputSchema,
  type updateCommentInputSchema,
} from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../../errors/app-error";
import { decodeTimestampCursor, encodeCursor } from "../../lib/cursor";
import { pageOf } from "../../lib/page";
import { audited } from "../audit";
import { addFollowers, notifyFollowers, notifyMentions } from "../notifications/notify";
import { emitEvent } from "../webhooks/emit-event";
import { actorCan, type TenantScope } from "../scope";
import { conflictOrMissing } from "../versioned";
import { COMMENT_FIELDS, toCommentDto, type CommentRow } from "./comment-dto";

type CommentAction = "comment.created" | "comment.updated" | "comment.deleted" | "comment.restored";

/** A task is live when neither it nor its project is in the trash. */
const liveTask = (scope: TenantScope, taskId: string): Prisma.TaskWhereInput => ({
  id: taskId,
  orgId: scope.org.id,
  deletedAt: null,
  project: { deletedAt: null },
});

async function assertLiveTask(scope: TenantScope, taskId: string) {
  const task = await scope.tx.task.findFirst({ where: liveTask(scope, taskId), select: { id: true } });
  if (!task) throw new AppError("NOT_FOUND", "Task not found.");
}

// Ids only: comment text never goes into the audit trail.
const auditComment = (scope: TenantScope, action: CommentAction, comment: { id: string; taskId: string }) =>
  audited(scope, action, { type: "comment", id: comment.id }, { taskId: comment.taskId });

/** Oldest first, keyset-paginated on (created_at, id); deleted comments are left out. */
export async function listComments(scope: TenantScope, input: z.output<typeof listCommentsInputSchema>) {
  const { tx } = scope;
  await assertLiveTask(scope, input.taskId);
  const where: Prisma.TaskCommentWhereInput = { orgId: scope.org.id, taskId: input.taskId, deletedAt: null };
  if (input.cursor) {
    const { at: createdAt, id } = decodeTimestampCursor(input.cursor);
    // The plain bound is an index condition (keyset: the OR alone would only be a filter).
    where.createdAt = { gte: createdAt };
    where.OR = [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }];
  }
  const rows = await tx.taskComment.findMany({
    where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: COMMENT_FIELDS,
  });
  const page = pageOf(rows, input.limit, (last) => encodeCursor(last.createdAt.getTime(), last.id));
  return { items: page.rows.map(toCommentDto), nextCursor: page.nextCursor };
}

export async function createComment(scope: TenantScope, input: z.output<typeof createCommentInputSchema>) {
  const { tx } = scope;
  await assertLiveTask(scope, input.taskId);
  const row = await tx.taskComment.create({
    data: { orgId: scope.org.id, taskId: input.taskId, authorId: scope.actor.userId, body: input.body },
    select: COMMENT_FIELDS,
  });
  await auditComment(scope, "comment.created", row);
  await emitEvent(scope, "comment.created", { commentId: row.id, taskId: row.taskId });
  // Mentioned members hear "mentioned" (not also "commented"); the author follows from now on.
  const mentioned = await notifyMentions(scope, row.taskId, { before: "", after: row.body }, row.id);
  await notifyFollowers(scope, { kind: "commented", taskId: row.taskId, commentId: row.id }, mentioned);
  await addFollowers(scope, row.taskId, [scope.actor.userId], "commenter");
  return toCommentDto(row);
}

/** A live comment on a live task of this organization, or 404. */
async function findLiveComment(scope: TenantScope, commentId: string): Promise<CommentRow> {
  const row = await scope.tx.taskComment.findFirst({
    where: {
      id: commentId,
      orgId: scope.org.id,
      deletedAt: null,
      task: { deletedAt: null, project: { deletedAt: null } },
    },
    select: COMMENT_FIELDS,
  });
  if (!row) throw new AppError("NOT_FOUND", "Comment not found.");
  return row;
}

/** One live comment (its task and project live too); a deleted one is 404, as in the list. */
export async function getComment(scope: TenantScope, commentId: string) {
  return toCommentDto(await findLiveComment(scope, commentId));
}

const staleVersion = (current: CommentRow) =>
  new AppError("CONFLICT", "This comment changed since you loaded it. Review the latest version and try again.", {
    current: toCommentDto(current),
  });

/** Version-guarded write; a concurrent change between the read and the write is a CONFLICT too. */
async function writeGuarded(
  scope: TenantScope,
  current: CommentRow,
  expectedVersion: number,
  data: Prisma.TaskCommentUpdateManyMutationInput,
): Promise<CommentRow> {
  if (current.version !== expectedVersion) throw staleVersion(current);
  const { count } = await scope.tx.taskComment.updateMany({
    where: { id: current.id, orgId: scope.org.id, deletedAt: null, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw staleVersion(await findLiveComment(scope, current.id));
  return scope.tx.taskComment.findUniqueOrThrow({ where: { id: current.id }, select: COMMENT_FIELDS });
}

/** Only the author edits a comment. */
export async function updateComment(scope: TenantScope, input: z.output<typeof updateCommentInputSchema>) {
  const current = await findLiveComment(scope, input.commentId);
  if (current.authorId !== scope.actor.userId)
    throw new AppError("FORBIDDEN", "Only the author can edit this comment.");
  const row = await writeGuarded(scope, current, input.expectedVersion, { body: input.body });
  await auditComment(scope, "comment.updated", row);
  await notifyMentions(scope, row.taskId, { before: current.body, after: row.body }, row.id);
  return toCommentDto(row);
}

/** Soft delete by the author, or by anyone who may manage projects (admins and owners). */
export async function deleteComment(scope: TenantScope, input: z.output<typeof deleteCommentInputSchema>) {
  const current = await findLiveComment(scope, input.commentId);
  if (current.authorId !== scope.actor.userId && !actorCan(scope, "project:write")) {
    throw new AppError("FORBIDDEN", "Only the author or an admin can delete this comment.");
  }
  const row = await writeGuarded(scope, current, input.expectedVersion, { deletedAt: new Date() });
  await auditComment(scope, "comment.deleted", row);
  return toCommentDto(row);
}

/**
 * Brings a deleted comment back (until the trash purge removes it): its author, or an admin/owner,
 * like deleting. `expectedVersion` is the deleted comment's version (what `comments.delete` answered);
 * its task must be live. A comment that is not deleted → CONFLICT with the comment as it is.
 */
export async function restoreComment(scope: TenantScope, input: z.output<typeof restoreCommentInputSchema>) {
  const current = await scope.tx.taskComment.findFirst({
    where: { id: input.commentId, orgId: scope.org.id, task: { deletedAt: null, project: { deletedAt: null } } },
    select: COMMENT_FIELDS,
  });
  if (current && current.authorId !== scope.actor.userId && !actorCan(scope, "project:write")) {
    throw new AppError("FORBIDDEN", "Only the author or an admin can restore this comment.");
  }
  const { count } = await scope.tx.taskComment.updateMany({
    where: { id: input.commentId, orgId: scope.org.id, deletedAt: { not: null }, version: input.expectedVersion },
    data: { deletedAt: null, version: { increment: 1 } },
  });
  if (!current || count === 0) {
    return conflictOrMissing({ noun: "comment", current, expect: "deleted", toDto: () => toCommentDto(current!) });
  }
  const row = await scope.tx.taskComment.findUniqueOrThrow({ where: { id: input.commentId }, select: COMMENT_FIELDS });
  await auditComment(scope, "comment.restored", row);
  return toCommentDto(row);
}
