import { boardEventsInputSchema, type BoardEvent, type BoardResync, type BoardStreamItem } from "@agency/validators";
import { tracked, TRPCError } from "@trpc/server";
import { AppError, ERROR_CODES } from "../../errors/app-error";
import type { TenantScope } from "../../services/scope";
import { orgProcedure } from "../../trpc/trpc";
import { latestEventId, type BoardScope } from "./board-event-rows";
import { RecentIds } from "./recent-ids";
import { catchUpAfterGap, liveEvents, replayAfter, type Replay } from "./replay";

export { MAX_REPLAY } from "./replay";

/** Streams are counted per API key or session, or per address for a caller without one (jobs and tests vouch for a user). */
export const streamConnection = (ctx: {
  caller: { sessionId?: string; apiKey?: { publicId: string } };
  request: { ip: string | null };
}) =>
  ctx.caller.apiKey
    ? `apikey:${ctx.caller.apiKey.publicId}`
    : ctx.caller.sessionId
      ? `session:${ctx.caller.sessionId}`
      : `ip:${ctx.request.ip ?? "unknown"}`;
/** How often an idle stream re-checks membership and session (every batch of events is checked too). */
export const ACCESS_RECHECK_MS = 15_000;

/** Errors raised inside the stream skip the middleware chain: carry the AppError to the formatter ourselves. */
export function streamError(error: AppError) {
  return new TRPCError({ code: ERROR_CODES[error.code].trpc, message: error.message, cause: error });
}

/**
 * Live changes of one project's board over SSE. Every item is `tracked` with
 * its event id, so tRPC's SSE link sends `lastEventId` when it reconnects and
 * the stream resumes after it (see replay.ts); past MAX_REPLAY missed events
 * one `resync` item asks the client to reload the board. Every batch of events
 * (and an idle stream every ACCESS_RECHECK_MS) loads in a transaction re-entered
 * through the boundary, so a revoked session, a removed member or a role that
 * lost task:read ends the stream. A session and a user hold a bounded number of
 * streams (realtime/stream-registry.ts).
 */
export const events = orgProcedure
  .meta({ permission: "task:read", limit: "subscribe" })
  .input(boardEventsInputSchema)
  .subscription(async ({ ctx, input, signal }) => {
    const { scope } = ctx;
    const board: BoardScope = { orgId: scope.org.id, projectId: input.projectId };
    // Before the stream opens, so an unknown project is refused like any other call.
    const project = await scope.tx.project.findFirst({
      where: { id: board.projectId, orgId: board.orgId },
      select: { id: true },
    });
    if (!project) throw new AppError("NOT_FOUND", "Project not found.");
    const head = await latestEventId(scope.tx, board);
    const lease = await ctx.streams.open({ connection: streamConnection(ctx), userId: scope.actor.userId });
    const stop = AbortSignal.any([ctx.shutdownSignal, ...(signal ? [signal] : [])]);
    // Also when the client goes away before the stream's first step (its finally would not run).
    stop.addEventListener("abort", () => lease.release(), { once: true });
    const hub = ctx.boardEvents;
    const log = ctx.log.child({ orgId: board.orgId, projectId: board.projectId, userId: scope.actor.userId });

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

      /** Runs `load` in a new transaction re-entered for the viewer (session, membership and role re-checked). */
      const checked = (load: (scope: TenantScope) => Promise<Replay>) => ctx.reenter(load);
      const resync = async (reason: BoardResync["reason"]) => {
        const latest = await ctx.reenter((again) => latestEventId(again.tx, board));
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
        yield* send(await checked((again) => replayAfter(again, board, start, committed)));

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
            await checked((again) =>
              batch.signal === "gap" ? catchUpAfterGap(again, board, range) : liveEvents(again, board, fresh),
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
        lease.release();
        log.info({ eventId: cursor.toString() }, "board stream closed");
      }
    })();
  });
