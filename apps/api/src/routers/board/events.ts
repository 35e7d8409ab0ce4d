import { boardEventsInputSchema, type BoardEvent, type BoardResync, type BoardStreamItem } from "@agency/validators";
import { tracked, TRPCError } from "@trpc/server";
import { AppError, ERROR_CODES } from "../../errors/app-error";
import { can, orgProcedure, rateLimit } from "../../trpc/trpc";
import { latestEventId, type BoardScope } from "./board-event-rows";
import { RecentIds } from "./recent-ids";
import { catchUpAfterGap, liveEvents, replayAfter, type Replay } from "./replay";
import { assertStreamAccess } from "./stream-access";

export { MAX_REPLAY } from "./replay";
/** How often an idle stream re-checks membership and session (every batch of events is checked too). */
export const ACCESS_RECHECK_MS = 15_000;

/** Errors raised inside the stream skip the middleware chain: carry the AppError to the formatter ourselves. */
function streamError(error: AppError) {
  return new TRPCError({ code: ERROR_CODES[error.code].trpc, message: error.message, cause: error });
}

/**
 * Live changes of one project's board over SSE. Every item is `tracked` with
 * its event id, so tRPC's SSE link sends `lastEventId` when it reconnects and
 * the stream resumes after it (see replay.ts); past MAX_REPLAY missed events
 * one `resync` item asks the client to reload the board. Membership and
 * session are re-checked before every batch of events and while idle.
 */
export const events = orgProcedure
  .meta(can("task:read"))
  .use(rateLimit("subscribe"))
  .input(boardEventsInputSchema)
  .subscription(async ({ ctx, input, signal }) => {
    const board: BoardScope = { orgId: ctx.org.id, projectId: input.projectId };
    // Before the stream opens, so an unknown project is refused like any other call.
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
      // Without lastEventId the stream starts at the head read before the response began, so a
      // write that commits while the listener is still being attached is replayed, not lost.
      const start = input.lastEventId ? BigInt(input.lastEventId) : head;
      /** Highest id delivered (or known to the client); catch-ups after a listener gap start here. */
      let cursor = start;
      /** After a resync the client reloads the board: buffered live events up to here are in it. */
      let skipThrough = 0n;
      log.info({ lastEventId: input.lastEventId ?? null }, "board stream opened");

      /** Runs `load` in one RLS transaction that first re-checks the viewer's access. */
      const checked = (load: Parameters<typeof ctx.db<Replay>>[0]) =>
        ctx.db(async (tx) => {
          await assertStreamAccess(tx, viewer);
          return load(tx);
        });
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
        if (BigInt(event.id) > cursor) cursor = BigInt(event.id);
        return tracked(event.id, event satisfies BoardStreamItem);
      };
      async function* send(replay: Replay) {
        if ("resync" in replay) yield await resync(replay.resync);
        else for (const event of replay.events) if (!delivered.has(event.id)) yield emit(event);
      }

      try {
        const committed = subscription.committedAfter(start.toString());
        yield* send(await checked((tx) => replayAfter(tx, board, start, committed)));

        while (!stop.aborted) {
          const batch = await subscription.queue.take(stop, ACCESS_RECHECK_MS);
          if (stop.aborted) break;
          if (batch.signal === "overflow") {
            yield* send({ resync: "fell_behind" });
            continue;
          }
          const fresh = batch.notifications
            .map((n) => n.id)
            .filter((id) => !delivered.has(id) && BigInt(id) > skipThrough);
          const range = { floor: start, cursor, fresh, delivered: (id: string) => delivered.has(id) };
          yield* send(
            await checked((tx) =>
              batch.signal === "gap" ? catchUpAfterGap(tx, board, range) : liveEvents(tx, board, fresh),
            ),
          );
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
