import type { Prisma } from "@agency/db";
import type { moveTaskInputSchema, TaskDto, TaskStatus } from "@agency/validators";
import type { z } from "zod";
import { audited } from "../audit";
import { notifyFollowers } from "../notifications/notify";
import { emitEvent } from "../webhooks/emit-event";
import type { TenantScope } from "../scope";
import { columnWhere, lockProjectBoard, MIN_POSITION_GAP, POSITION_STEP, renumberColumn } from "./column";
import { fieldError } from "./task-errors";
import { findTask, taskConflict } from "./task-read";
import { visibleTask } from "./visible-task";

type MoveTaskInput = Omit<z.output<typeof moveTaskInputSchema>, "orgId">;
type Slot = { id: string; position: number };

/** The live tasks right before (`afterTaskId`, or none = top) and right after the slot, ignoring the moving task. */
async function neighbours(
  tx: Prisma.TransactionClient,
  column: Prisma.TaskWhereInput,
  taskId: string,
  afterTaskId: string | null,
): Promise<{ before: Slot | null; next: Slot | null }> {
  const before = afterTaskId
    ? await tx.task.findFirst({ where: { ...column, id: afterTaskId }, select: { id: true, position: true } })
    : null;
  const next = await tx.task.findFirst({
    where: {
      ...column,
      id: { not: taskId },
      ...(before
        ? { OR: [{ position: { gt: before.position } }, { position: before.position, id: { gt: before.id } }] }
        : {}),
    },
    orderBy: [{ deletedAt: "asc" }, { position: "asc" }, { id: "asc" }], // board index order
    select: { id: true, position: true },
  });
  return { before, next };
}

/** Midpoint between the neighbours, a step past the one that exists, or null when the gap is used up. */
function slotBetween(before: Slot | null, next: Slot | null): number | null {
  if (before && next)
    return next.position - before.position < MIN_POSITION_GAP ? null : (before.position + next.position) / 2;
  if (before) return before.position + POSITION_STEP;
  if (next) return next.position - POSITION_STEP;
  return POSITION_STEP;
}

/**
 * Moves a task to `status`, right after `afterTaskId` (or at the top). Positions are
 * fractional; when two neighbours are too close the column is renumbered in the same
 * transaction first. Moving to where the task already is is a valid (versioned) move.
 */
export async function moveTask(scope: TenantScope, input: MoveTaskInput): Promise<TaskDto> {
  const orgId = scope.org.id;
  const { tx } = scope;
  const task = await tx.task.findFirst({
    where: { ...visibleTask(orgId, input.taskId), deletedAt: null },
    select: { id: true, projectId: true, status: true, position: true, version: true },
  });
  if (!task || task.version !== input.expectedVersion) return taskConflict(scope, input.taskId, "live");
  if (input.afterTaskId === input.taskId) throw fieldError("afterTaskId", "A task cannot be placed after itself.");
  await lockProjectBoard(tx, task.projectId);

  const column = columnWhere(orgId, task.projectId, input.status as TaskStatus);
  let { before, next } = await neighbours(tx, column, task.id, input.afterTaskId);
  if (input.afterTaskId && !before) {
    throw fieldError("afterTaskId", "Place the task after a live task of the same project and column.");
  }
  let position = slotBetween(before, next);
  let renumbered = 0;
  if (position === null) {
    renumbered = await renumberColumn(tx, orgId, task.projectId, input.status, task.id);
    ({ before, next } = await neighbours(tx, column, task.id, input.afterTaskId));
    position = slotBetween(before, next) ?? POSITION_STEP;
  }

  const { count } = await tx.task.updateMany({
    where: { id: task.id, orgId, deletedAt: null, version: input.expectedVersion },
    data: { status: input.status, position, version: { increment: 1 } },
  });
  if (count === 0) return taskConflict(scope, task.id, "live");
  await audited(scope, "task.moved", { type: "task", id: task.id }, {
    from: { status: task.status, position: task.position },
    to: { status: input.status, position },
    afterTaskId: input.afterTaskId,
    ...(renumbered ? { renumbered } : {}),
  });
  const moved = await findTask(scope, task.id);
  if (!moved) return taskConflict(scope, task.id, "live");
  await emitEvent(scope, "task.moved", {
    taskId: moved.id,
    projectId: moved.projectId,
    title: moved.title,
    status: moved.status,
    previousStatus: task.status,
    afterTaskId: input.afterTaskId,
  });
  if (task.status !== moved.status) {
    await notifyFollowers(scope, { kind: "status_changed", taskId: moved.id, data: { from: task.status, to: moved.status } });
  }
  return moved;
}
