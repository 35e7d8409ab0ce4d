import type { TaskDto, TaskStatus } from "@agency/validators";

/** Where a move puts a card: the column, and the card it goes right after (null: the top). */
export interface MoveTarget {
  status: TaskStatus;
  afterTaskId: string | null;
}

/**
 * The card a moved task lands after when dropped at `index` of `columnIds` — the target
 * column's cards in order, the moving task included if it is already there.
 */
export function afterTaskIdForDrop(columnIds: readonly string[], taskId: string, index: number): string | null {
  const others = columnIds.filter((id) => id !== taskId);
  const clamped = Math.max(0, Math.min(index, others.length));
  return clamped === 0 ? null : (others[clamped - 1] ?? null);
}

/** One step up or down within the column, or null when the card is already at that end. */
export function stepWithinColumn(
  columnIds: readonly string[],
  taskId: string,
  direction: "up" | "down",
): string | null | undefined {
  const index = columnIds.indexOf(taskId);
  if (index < 0) return undefined;
  if (direction === "up") {
    if (index === 0) return undefined;
    return index === 1 ? null : (columnIds[index - 2] ?? null);
  }
  if (index === columnIds.length - 1) return undefined;
  return columnIds[index + 1] ?? null;
}

/**
 * The keyboard/menu move: a step up/down (undefined when it cannot move that way), or another
 * column — at its top, so the card is visible at once however many pages that column has.
 */
export function menuMoveTarget(
  columns: Record<TaskStatus, readonly string[]>,
  task: Pick<TaskDto, "id" | "status">,
  move: "up" | "down" | TaskStatus,
): MoveTarget | undefined {
  if (move === "up" || move === "down") {
    const after = stepWithinColumn(columns[task.status], task.id, move);
    return after === undefined ? undefined : { status: task.status, afterTaskId: after };
  }
  if (move === task.status) return undefined;
  return { status: move, afterTaskId: null };
}

/**
 * The card as it should look right after a move, before the server answers: in its new
 * column, with a position between its new neighbours so the column sorts it there.
 */
export function optimisticMove(task: TaskDto, target: MoveTarget, targetColumn: readonly TaskDto[]): TaskDto {
  const others = targetColumn.filter((item) => item.id !== task.id);
  const afterIndex = target.afterTaskId === null ? -1 : others.findIndex((item) => item.id === target.afterTaskId);
  const before = afterIndex >= 0 ? others[afterIndex] : undefined;
  const next = others[afterIndex + 1];
  let position: number;
  if (before && next) position = (before.position + next.position) / 2;
  else if (before) position = before.position + 1;
  else if (next) position = next.position - 1;
  else position = 0;
  return { ...task, status: target.status, position };
}
