import type { TenantScope } from "../../services/scope";
import type { BoardEvent, BoardResync } from "@agency/validators";
import type { BoardNotification } from "../../realtime/board-notification";
import { eventExists, eventsAfter, eventsByIds, eventsSince, toBoardEvents, type BoardScope } from "./board-event-rows";

/** At most this many missed events are replayed; more, and the subscriber is told to resync. */
export const MAX_REPLAY = 500;
/** After the listener reconnects: how far back to look for lower ids that committed late. */
const GAP_LOOKBACK_SECONDS = 60;

/** The events to send, or why the client must reload the board instead. */
export type Replay = { events: BoardEvent[] } | { resync: BoardResync["reason"] };

/**
 * What a subscriber missed after `since`. When this process's notification
 * log still holds `since`, exactly what committed after it, in commit order;
 * else every event with a higher id, from the table (an event with a lower id
 * that committed after `since` is missed there: see README "Realtime").
 */
export async function replayAfter(
  { tx, sql }: Pick<TenantScope, "tx" | "sql">,
  board: BoardScope,
  since: bigint,
  committedAfter: readonly BoardNotification[] | null,
): Promise<Replay> {
  // Every id a stream sends is one of this board's events (or 0): a missing one was purged, as
  // may be what followed it.
  if (since > 0n && !(await eventExists(tx, board, since))) return { resync: "history_expired" };
  if (committedAfter) {
    if (committedAfter.length > MAX_REPLAY) return { resync: "too_many_missed" };
    const rows = await eventsByIds(
      tx,
      board,
      committedAfter.map((n) => n.id),
    );
    return { events: await toBoardEvents(sql, board, rows) };
  }
  const rows = await eventsAfter(tx, board, since, MAX_REPLAY + 1);
  if (rows.length > MAX_REPLAY) return { resync: "too_many_missed" };
  return { events: await toBoardEvents(sql, board, rows) };
}

/**
 * After the listener reconnected (notifications sent meanwhile are lost):
 * events above `cursor`, plus recent ones above `floor` that committed late,
 * plus the buffered `fresh` ones — minus those already delivered. Oldest id first.
 */
export async function catchUpAfterGap(
  { tx, sql }: Pick<TenantScope, "tx" | "sql">,
  board: BoardScope,
  range: { floor: bigint; cursor: bigint; fresh: readonly string[]; delivered: (id: string) => boolean },
): Promise<Replay> {
  const rows = await eventsSince(
    tx,
    board,
    { floorId: range.floor, afterId: range.cursor, lookbackSeconds: GAP_LOOKBACK_SECONDS },
    MAX_REPLAY + 1,
  );
  if (rows.length > MAX_REPLAY) return { resync: "too_many_missed" };
  const missed = rows.filter((row) => !range.delivered(row.id.toString()));
  const missedIds = new Set(missed.map((row) => row.id.toString()));
  const rest = await eventsByIds(
    tx,
    board,
    range.fresh.filter((id) => !missedIds.has(id)),
  );
  return { events: await toBoardEvents(sql, board, [...missed, ...rest]) };
}

/** Live notifications as events, in arrival (commit) order. */
export async function liveEvents(
  { tx, sql }: Pick<TenantScope, "tx" | "sql">,
  board: BoardScope,
  ids: readonly string[],
): Promise<Replay> {
  return { events: await toBoardEvents(sql, board, await eventsByIds(tx, board, ids)) };
}
