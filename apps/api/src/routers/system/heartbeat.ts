import { tracked } from "@trpc/server";
import { setInterval as every } from "node:timers/promises";
import { z } from "zod";
import { publicProcedure } from "../../trpc/trpc";

export const HEARTBEAT_INTERVAL_MS = 5_000;

const heartbeatInput = z.object({ lastEventId: z.string().regex(/^\d+$/).max(20).nullish() }).optional();

/**
 * A beat every few seconds over SSE so clients can show that the live
 * connection (and every proxy in between) works. Event ids are the beat's
 * sequence; a reconnecting client resumes after its last id.
 */
export const heartbeat = publicProcedure
  .meta({ limit: "subscribe" })
  .input(heartbeatInput)
  .subscription(async function* ({ ctx, input, signal }) {
    let sequence = input?.lastEventId ? Number(input.lastEventId) : 0;
    const stop = AbortSignal.any([ctx.shutdownSignal, ...(signal ? [signal] : [])]);
    // Bounded per session (or, signed out, per address) like every stream.
    const connection = ctx.caller?.sessionId ? `session:${ctx.caller.sessionId}` : `ip:${ctx.request.ip ?? "unknown"}`;
    const lease = await ctx.streams.open({ connection, userId: ctx.caller?.userId });
    stop.addEventListener("abort", () => lease.release(), { once: true });
    const beat = () => {
      sequence += 1;
      // Public: a beat says the connection works and nothing about the process behind it.
      const data = { sequence, time: new Date().toISOString() };
      return tracked(String(sequence), data);
    };
    yield beat();
    try {
      for await (const _ of every(HEARTBEAT_INTERVAL_MS, undefined, { signal: stop })) yield beat();
    } catch (error) {
      if (!stop.aborted) throw error;
    } finally {
      lease.release();
    }
  });
