import {
  assistantMessageIdInputSchema,
  assistantSendInputSchema,
  assistantStatusSchema,
  assistantTurnSchema,
  orgIdInputSchema,
  type AssistantStreamItem,
} from "@agency/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { readBudget } from "../../ai/gateway";
import { AppError, ERROR_CODES } from "../../errors/app-error";
import { markStopped, retryMessage, sendMessage } from "../../services/assistant/conversations";
import { runAnswer } from "../../services/assistant/run";
import { orgProcedure } from "../../trpc/trpc";
import { activeRuns } from "./active-runs";

/** Whether the assistant can answer here: a provider configured (no keys shown) and not turned off. */
export const statusProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "read" })
  .input(orgIdInputSchema)
  .output(assistantStatusSchema)
  .query(async ({ ctx }) => {
    const settings = await readBudget(ctx.scope.tx, ctx.scope.org.id, 0);
    return { configured: ctx.ai.configured, enabled: settings.enabled, routes: ctx.ai.routeIds };
  });

/** Saves the user's message and an empty answer; the client streams it with assistant.stream. */
export const sendProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "ai" })
  .input(assistantSendInputSchema)
  .output(assistantTurnSchema)
  .mutation(({ ctx, input }) => sendMessage(ctx.scope, ctx.ai, input));

/** Empties a finished, stopped or failed answer (the latest) so assistant.stream answers again. */
export const retryProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "ai" })
  .input(assistantMessageIdInputSchema)
  .output(z.object({ conversationId: z.uuid(), assistantMessageId: z.uuid() }))
  .mutation(({ ctx, input }) => retryMessage(ctx.scope, ctx.ai, input.messageId));

/** Stops a running answer: the model request is aborted and what arrived is kept as "stopped". */
export const stopProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "write" })
  .input(assistantMessageIdInputSchema)
  .output(z.object({ stopped: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const result = await markStopped(ctx.scope, input.messageId);
    activeRuns.stop(input.messageId);
    return result;
  });

function streamError(error: AppError) {
  return new TRPCError({ code: ERROR_CODES[error.code].trpc, message: error.message, cause: error });
}

/**
 * The answer to one message, streamed over SSE as it is generated: text deltas, tool activity,
 * a proposal to confirm, then `done`. Closing the stream (or assistant.stop) aborts the model
 * request. No transaction stays open while the model streams: the run reads, runs tools and
 * saves in short transactions of its own (ctx.reenter).
 */
export const streamProcedure = orgProcedure
  .meta({ permission: "assistant:use", limit: "subscribe" })
  .input(assistantMessageIdInputSchema)
  .subscription(async ({ ctx, input, signal }) => {
    const exists = await ctx.scope.tx.assistantMessage.findFirst({
      where: { id: input.messageId, orgId: ctx.scope.org.id, role: "assistant" },
      select: { id: true },
    });
    if (!exists) throw new AppError("NOT_FOUND", "Message not found.");
    const log = ctx.log.child({ orgId: ctx.scope.org.id, userId: ctx.scope.actor.userId, messageId: input.messageId });
    return (async function* stream(): AsyncGenerator<AssistantStreamItem> {
      const run = activeRuns.start(input.messageId);
      const stop = AbortSignal.any([run.signal, ctx.shutdownSignal, ...(signal ? [signal] : [])]);
      try {
        yield* runAnswer({ gateway: ctx.ai, reenter: ctx.reenter, log, signal: stop }, input.messageId);
      } catch (error) {
        if (error instanceof AppError) throw streamError(error);
        throw error;
      } finally {
        activeRuns.end(input.messageId, run);
      }
    })();
  });
