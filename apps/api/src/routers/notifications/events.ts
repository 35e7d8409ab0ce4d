import { orgIdInputSchema, type NotificationStreamItem } from "@agency/validators";
import { AppError } from "../../errors/app-error";
import { unreadCount } from "../../services/notifications/inbox";
import { orgProcedure } from "../../trpc/trpc";
import { ACCESS_RECHECK_MS, streamConnection, streamError } from "../board/events";

/**
 * The live unread count over SSE: the count now, then again after every change to the caller's
 * notifications in this organization (a new one, one marked read — in any tab or instance). Woken
 * by the database's NOTIFY at commit; every read is a transaction re-entered for the caller, so a
 * removed member or revoked session ends the stream (also re-checked every 15 s while idle).
 */
export const notificationEventsProcedure = orgProcedure
  .meta({ permission: "org:read", limit: "subscribe" })
  .input(orgIdInputSchema)
  .subscription(async ({ ctx, signal }) => {
    const { scope } = ctx;
    const orgId = scope.org.id;
    const userId = scope.actor.userId;
    const lease = await ctx.streams.open({ connection: streamConnection(ctx), userId });
    const stop = AbortSignal.any([ctx.shutdownSignal, ...(signal ? [signal] : [])]);
    stop.addEventListener("abort", () => lease.release(), { once: true });
    const hub = ctx.notificationEvents;

    return (async function* stream() {
      // Subscribe before the first read: a change committed in between wakes the loop at once.
      const subscription = await hub.subscribe(orgId, userId);
      let last = -1;
      try {
        while (!stop.aborted) {
          const unread = await ctx.reenter((again) => unreadCount(again));
          if (unread !== last) {
            last = unread;
            yield { unread, at: new Date().toISOString() } satisfies NotificationStreamItem;
          }
          await subscription.changed(stop, ACCESS_RECHECK_MS);
        }
      } catch (error) {
        if (error instanceof AppError) throw streamError(error);
        throw error;
      } finally {
        subscription.unsubscribe();
        lease.release();
      }
    })();
  });
