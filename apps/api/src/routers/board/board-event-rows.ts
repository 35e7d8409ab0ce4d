import type { Prisma, SqlSession, TransactionClient } from "@agency/db";
import { boardEventKindSchema, type BoardEvent } from "@agency/validators";
import { findTasks } from "../../services/tasks/task-read";

/** One board: every query here is scoped to it (and runs under RLS inside ctx.db). */
export interface BoardScope {
  orgId: string;
  projectId: string;
}

const EVENT_SELECT = {
  id: true,
  taskId: true,
  kind: true,
  version: true,
  actorUserId: true,
  createdAt: true,
} as const satisfies Prisma.BoardEventSelect;
type EventRow = Prisma.BoardEventGetPayload<{ select: typeof EVENT_SELECT }>;

/** Events with id > `afterId`, oldest first, at most `limit`. */
export function eventsAfter(tx: TransactionClient, board: BoardScope, afterId: bigint, limit: number) {
  return tx.boardEvent.findMany({
    where: { ...board, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
    select: EVENT_SELECT,
  });
}

/** The given events, in the given order (commit order from the notification log). */
export async function eventsByIds(tx: TransactionClient, board: BoardScope, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await tx.boardEvent.findMany({
    where: { ...board, id: { in: ids.map((id) => BigInt(id)) } },
    select: EVENT_SELECT,
  });
  const byId = new Map(rows.map((row) => [row.id.toString(), row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Events that may have been missed while the listener was away: id > `afterId`,
 * plus those above `floorId` (where the stream started) created in the last
 * `lookbackSeconds` — a lower id that committed late; the caller drops the ones
 * it already delivered. Oldest first.
 */
export function eventsSince(
  tx: TransactionClient,
  board: BoardScope,
  range: { floorId: bigint; afterId: bigint; lookbackSeconds: number },
  limit: number,
) {
  return tx.boardEvent.findMany({
    where: {
      ...board,
      id: { gt: range.floorId },
      OR: [{ id: { gt: range.afterId } }, { createdAt: { gt: new Date(Date.now() - range.lookbackSeconds * 1000) } }],
    },
    orderBy: { id: "asc" },
    take: limit,
    select: EVENT_SELECT,
  });
}

/** Whether the board still has event `id` (the purge drops events after a day). */
export async function eventExists(tx: TransactionClient, board: BoardScope, id: bigint): Promise<boolean> {
  return (await tx.boardEvent.count({ where: { ...board, id } })) > 0;
}

/** The newest event id of the board, or 0 when it has none. */
export async function latestEventId(tx: TransactionClient, board: BoardScope): Promise<bigint> {
  const row = await tx.boardEvent.findFirst({ where: board, orderBy: { id: "desc" }, select: { id: true } });
  return row?.id ?? 0n;
}

/**
 * Turns event rows into wire events, each with the task as the subscriber may see it now,
 * or null when it is no longer on this board. Every task of the batch loads in ONE statement,
 * however many events and tasks there are.
 */
export async function toBoardEvents(
  sql: SqlSession,
  board: BoardScope,
  rows: readonly EventRow[],
): Promise<BoardEvent[]> {
  const loaded = await findTasks(
    sql,
    board.orgId,
    rows.map((row) => row.taskId),
  );
  const onBoard = (taskId: string) => {
    const task = loaded.get(taskId);
    return task && task.projectId === board.projectId ? task : null;
  };
  return rows.map((row) => ({
    id: row.id.toString(),
    kind: boardEventKindSchema.parse(row.kind),
    taskId: row.taskId,
    version: row.version,
    actorUserId: row.actorUserId,
    at: row.createdAt.toISOString(),
    task: onBoard(row.taskId),
  }));
}
