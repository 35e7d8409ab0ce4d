import { boardEventsInputSchema, type BoardEvent, type BoardResync, type BoardStreamItem } from "@agency/validators";
import { tracked, TRPCError } from "@trpc/server";
import { AppError, ERROR_CODES } from "../../errors/app-error";
import type { LiveBatch } from "../../realtime/live-queue";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import {
  eventsAfter,
  eventsByIds,
  eventsSince,
  latestEventId,
  toBoardEvents,
  type BoardScope,
} from "./board-event-rows";
import { RecentIds } from "./recent-ids";
import { assertStreamAccess } from "./stream-access";

/** At most this many missed events are replayed; more, and the subscriber is told to resync. */
export const MAX_REPLAY = 500;
/** How often an idle stream re-checks membership and session (every batch of events is checked too). */
export const ACCESS_RECHECK_MS = 15_000;
/** After the listener reconnects: how far back to look for lower ids that committed late. */
const GAP_LOOKBACK_SECONDS = 60;

/** Errors raised inside the stream skip the middleware chain: carry the AppError to the formatter ourselves. */
function streamError(error: AppError) {
  return new TRPCError({ code: ERROR_CODES[error.code].trpc, message: error.message, cause: error });
}

/**
 * Live changes of one project's board over SSE. Every item is `tracked` with
 * its event id, so tRPC's SSE link sends `lastEventId` when it reconnects and
 * the stream resumes after it: exactly what committed since (in commit order,
 * from the process's notification log), else by id from the board_events table
 * — up to MAX_REPLAY events, beyond which one `resync` item asks the client to
 * reload the board. Membership and session are re-checked before every batch
 * of events and periodically while idle.
 */
export const events = orgProcedure
  .meta(can("task:read"))
  .use(rateLimit("subscribe"))
  .input(boardEventsInputSchema)
  .subscription(async ({ ctx, input, signal }) => {
    const board: BoardScope = { orgId: ctx.org.id, projectId: input.projectId };
    // Before the stream opens, so an unknown project is a plain 404 like any other call.
    const head = await ctx.db(async (tx) => {
      const project = await tx.project.findFirst({
        where: { id: board.projectId, orgId: board.orgId },
        select: { id: true },
      });
      if (!project) throw new AppError("NOT_FOUND", "Project not found.");
      return latestEventId(tx, board);
    });
    const viewer = { orgId: board.orgId, userId: ctx.actor.userId, sessionId: ctx.actor.sessionId };
    const stop = AbortSignal.any([ctx.shutdownSignal, ...(signal ? [signal] : [])]);
    const hub = ctx.boardEvents;
    const log = ctx.log.child({ orgId: board.orgId, projectId: board.projectId, userId: viewer.userId });

    return (async function* stream() {
      // Listen first, read the backlog second: nothing that commits in between is lost.
      const subscription = await hub.subscribe(board.orgId, board.projectId);
      const delivered = new RecentIds(5_000);
      /** Highest id delivered (or known to the client); catch-ups after a listener gap start here. */
      let cursor = input.lastEventId ? BigInt(input.lastEventId) : head;
      /** Where this stream started: what lies below was the client's business before it subscribed. */
      const floor = cursor;
      /** After a resync the client reloads the board: buffered live events up to here are in it. */
      let skipThrough = 0n;
      log.info({ lastEventId: input.lastEventId ?? null }, "board stream opened");

      const resync = async (reason: BoardResync["reason"]) => {
        const latest = await ctx.db(async (tx) => {
          await assertStreamAccess(tx, viewer);
          return latestEventId(tx, board);
        });
        skipThrough = latest;
        if (latest > cursor) cursor = latest;
        log.info({ reason, eventId: latest.toString() }, "board stream resync");
        const item: BoardResync = { id: latest.toString(), kind: "resync", reason, at: new Date().toISOString() };
        return tracked(item.id, item satisfies BoardStreamItem);
      };
      const emit = (event: BoardEvent) => {
        delivered.add(event.id);
        const id = BigInt(event.id);
        if (id > cursor) cursor = id;
        return tracked(event.id, event satisfies BoardStreamItem);
      };

      try {
        {
          // Without lastEventId the stream starts at the head read before the response began, so
          // a write that commits while the listener is still being attached is replayed, not lost.
          const since = input.lastEventId ?? head.toString();
          const committed = subscription.committedAfter(since);
          const replay = await ctx.db(async (tx) => {
            await assertStreamAccess(tx, viewer);
            if (committed) {
              if (committed.length > MAX_REPLAY) return null;
              return toBoardEvents(
                tx,
                board,
                await eventsByIds(
                  tx,
                  board,
                  committed.map((n) => n.id),
                ),
              );
            }
            const rows = await eventsAfter(tx, board, BigInt(since), MAX_REPLAY + 1);
            return rows.length > MAX_REPLAY ? null : toBoardEvents(tx, board, rows);
          });
          if (replay === null) yield await resync("too_many_missed");
          else for (const event of replay) yield emit(event);
        }

        while (!stop.aborted) {
          const batch: LiveBatch = await subscription.queue.take(stop, ACCESS_RECHECK_MS);
          if (stop.aborted) break;
          if (batch.signal === "overflow") {
            yield await resync("fell_behind");
            continue;
          }
          const fresh = batch.notifications.filter((n) => !delivered.has(n.id) && BigInt(n.id) > skipThrough);
          const next = await ctx.db(async (tx) => {
            await assertStreamAccess(tx, viewer);
            if (batch.signal === "gap") {
              const rows = await eventsSince(
                tx,
                board,
                { floorId: floor, afterId: cursor, lookbackSeconds: GAP_LOOKBACK_SECONDS },
                MAX_REPLAY + 1,
              );
              const missed = rows.filter((row) => !delivered.has(row.id.toString()));
              if (missed.length > MAX_REPLAY) return null;
              const missedIds = new Set(missed.map((row) => row.id.toString()));
              const rest = await eventsByIds(
                tx,
                board,
                fresh.filter((n) => !missedIds.has(n.id)).map((n) => n.id),
              );
              return toBoardEvents(tx, board, [...missed, ...rest]);
            }
            return toBoardEvents(
              tx,
              board,
              await eventsByIds(
                tx,
                board,
                fresh.map((n) => n.id),
              ),
            );
          });
          if (next === null) yield await resync("too_many_missed");
          else for (const event of next) if (!delivered.has(event.id)) yield emit(event);
        }
      } catch (error) {
        if (error instanceof AppError) {
          log.info({ code: error.code }, "board stream ended: access lost");
          throw streamError(error);
        }
        throw error;
      } finally {
        subscription.unsubscribe();
        log.info({ eventId: cursor.toString() }, "board stream closed");
      }
    })();
  });
