import type { TransactionClient } from "@agency/db";
import type * as AiSdk from "ai";
import type { ModelMessage, ToolSet } from "ai";
import type { Logger } from "pino";
import type { z } from "zod";
import { reserveBudget, settleBudget } from "./budget";
import { cacheKey, type AnswerCache, type CachedAnswer } from "./cache";
import { GatewayError } from "./errors";
import { recordUsage, type UsageOutcome } from "./ledger";
import type { GatewayLimits } from "./limits";
import type { PriceTable } from "./prices";
import type { GatewayRoute } from "./routes";

export interface GatewayToolDefinition {
  description: string;
  inputSchema: z.ZodType;
}

export interface GatewayCall {
  orgId: string;
  userId: string | null;
  /** Which product feature spends (recorded in the ledger): "assistant", … */
  feature: string;
  system?: string;
  messages: ModelMessage[];
  /** Offered to the model; the gateway never runs them: tool calls come back as events. */
  tools?: Record<string, GatewayToolDefinition>;
  /** The user pressed stop or went away: aborts the provider request. */
  signal?: AbortSignal;
  /**
   * Opens a SHORT tenant transaction for the caller (a procedure's `ctx.reenter`): the budget
   * reservation runs in one before the model is called, the settlement and the ledger row in
   * another after it. No transaction is open while the model streams.
   */
  transact: <T>(fn: (tx: TransactionClient) => Promise<T>) => Promise<T>;
}

export interface GatewayToolCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
}

export interface GatewayResult {
  text: string;
  toolCalls: GatewayToolCall[];
  route: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  latencyMs: number;
  firstTokenMs: number | null;
  cacheHit: boolean;
  fallbackCount: number;
}

export type GatewayEvent =
  | { type: "text"; delta: string }
  | ({ type: "tool-call" } & GatewayToolCall)
  | { type: "finish"; result: GatewayResult };

export interface GatewayOptions {
  routes: GatewayRoute[];
  prices: PriceTable;
  limits: GatewayLimits;
  cache: AnswerCache;
  log: Logger;
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
  maxOutputTokens: number;
  defaultBudgetMicros: number;
}

/** Why an attempt ended early, set by our own timers (the SDK only sees an abort). */
type Interruption = "first_token_timeout" | "total_timeout" | "cancelled";

/** Characters per token is about 4 for English; 3 over-estimates, which is what a reservation wants. */
const estimateTokens = (chars: number) => Math.ceil(chars / 3) + 16;

type Sdk = typeof AiSdk;
let sdkModule: Promise<Sdk> | undefined;
/** The AI SDK, imported on the first model call (see GatewayRoute.languageModel). */
const loadSdk = (): Promise<Sdk> => (sdkModule ??= import("ai"));

/** Which failures the next route may fix: timeouts, 429, 5xx and connection errors — not the other 4xx. */
export function isFallbackError(sdk: Sdk, error: unknown): boolean {
  const cause = error instanceof sdk.RetryError ? error.lastError : error;
  if (sdk.APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    if (status === undefined) return true; // no response: connection refused, reset, DNS
    return status === 408 || status === 429 || status >= 500;
  }
  // fetch's own network failures before the SDK wraps them.
  return cause instanceof TypeError;
}

function statusOf(sdk: Sdk, error: unknown): number | undefined {
  const cause = error instanceof sdk.RetryError ? error.lastError : error;
  return sdk.APICallError.isInstance(cause) ? cause.statusCode : undefined;
}

/**
 * The one way every AI feature calls a model. Per call: rate limits (user and organization,
 * requests and tokens per minute), the organization's monthly budget (worst-case cost reserved
 * before, the real cost settled after), the cache (identical requests within an organization),
 * then the configured routes in order — falling back on timeouts, 429, 5xx and connection errors
 * as long as nothing has been streamed yet — with a first-token and a total timeout, and the
 * caller's AbortSignal wired to the provider request. One ledger row per call.
 */
export class LlmGateway {
  constructor(private readonly options: GatewayOptions) {}

  get configured(): boolean {
    return this.options.routes.length > 0;
  }

  /** The monthly budget of an organization whose admins set none (micro-dollars). */
  get defaultBudgetMicros(): number {
    return this.options.defaultBudgetMicros;
  }

  get routeIds(): string[] {
    return this.options.routes.map((route) => route.id);
  }

  async *stream(call: GatewayCall): AsyncGenerator<GatewayEvent, GatewayResult> {
    const { routes, prices, limits, cache, log } = this.options;
    if (routes.length === 0) {
      throw new GatewayError("not_configured", "No AI provider is configured on this server (AI_ROUTES is empty).");
    }
    const started = performance.now();
    const promptChars = (call.system?.length ?? 0) + JSON.stringify(call.messages).length + JSON.stringify(Object.keys(call.tools ?? {})).length;
    const estimatedInput = estimateTokens(promptChars);

    await limits.admit(call.orgId, call.userId, estimatedInput);

    const key = cacheKey({
      orgId: call.orgId,
      routes: this.routeIds,
      system: call.system,
      messages: call.messages,
      tools: Object.entries(call.tools ?? {}).map(([name, t]) => [name, t.description]),
    });
    const hit = await cache.get(key);
    if (hit) return yield* this.replay(call, hit, started);

    // Worst case over every route the call may fall back to.
    const reservation = Math.max(
      ...routes.map((route) => prices.costMicros(route.provider, route.model, estimatedInput, this.options.maxOutputTokens)),
    );
    await call.transact((tx) => reserveBudget(tx, call.orgId, reservation, this.options.defaultBudgetMicros));

    const sdk = await loadSdk();
    let fallbackCount = 0;
    let text = "";
    const toolCalls: GatewayToolCall[] = [];
    let firstTokenMs: number | null = null;
    let usage = { input: 0, output: 0, reported: false };
    let route = routes[0]!;
    let outcome: UsageOutcome = "error";
    let errorCode: string | null = null;

    let finalResult: GatewayResult | undefined;
    const total = new AbortController();
    const totalTimer = setTimeout(() => total.abort("total_timeout" satisfies Interruption), this.options.totalTimeoutMs);
    try {
      for (let index = 0; index < routes.length; index++) {
        route = routes[index]!;
        const attempt = new AbortController();
        let interruption: Interruption | null = null;
        const interrupt = (why: Interruption) => {
          interruption ??= why;
          attempt.abort(why);
        };
        const onCancel = () => interrupt("cancelled");
        const onTotal = () => interrupt("total_timeout");
        call.signal?.addEventListener("abort", onCancel, { once: true });
        total.signal.addEventListener("abort", onTotal, { once: true });
        if (call.signal?.aborted) interrupt("cancelled");
        if (total.signal.aborted) interrupt("total_timeout");
        const attemptStarted = performance.now();
        const firstTokenTimer = setTimeout(() => interrupt("first_token_timeout"), this.options.firstTokenTimeoutMs);
        let streamed = false;
        try {
          const result = sdk.streamText({
            model: await route.languageModel(),
            system: call.system,
            messages: call.messages,
            tools: call.tools ? toToolSet(sdk, call.tools) : undefined,
            maxOutputTokens: this.options.maxOutputTokens,
            // Our fallback replaces the SDK's retries: a failed route moves on to the next one.
            maxRetries: 0,
            abortSignal: attempt.signal,
            // Errors arrive as stream parts and are handled below; the SDK's default prints them to stderr.
            onError: () => undefined,
          });
          for await (const part of result.fullStream) {
            if (part.type === "text-delta" || part.type === "tool-call") {
              if (!streamed) {
                streamed = true;
                clearTimeout(firstTokenTimer);
                firstTokenMs = Math.round(performance.now() - attemptStarted);
              }
              if (part.type === "text-delta") {
                text += part.text;
                yield { type: "text", delta: part.text };
              } else {
                const toolCall = { toolCallId: part.toolCallId, toolName: part.toolName, input: part.input };
                toolCalls.push(toolCall);
                yield { type: "tool-call", ...toolCall };
              }
            } else if (part.type === "finish") {
              usage = { input: part.totalUsage.inputTokens ?? 0, output: part.totalUsage.outputTokens ?? 0, reported: true };
            } else if (part.type === "error") {
              throw part.error;
            } else if (part.type === "abort") {
              throw new GatewayError("aborted", "The request was stopped.");
            }
          }
          if (interruption) throw new GatewayError("aborted", "The request was stopped.");
          outcome = "ok";
          break;
        } catch (error) {
          const why: Interruption | null = interruption;
          const retryable = why === "first_token_timeout" || (why === null && isFallbackError(sdk, error));
          // A user's stop is routine; provider failures and timeouts are worth a warning.
          log[why === "cancelled" ? "info" : "warn"](
            {
              route: route.id,
              reason: why ?? "provider_error",
              status: statusOf(sdk, error),
              error: { type: (error as Error).name },
              streamed,
            },
            "ai route failed",
          );
          if (retryable && !streamed && index < routes.length - 1) {
            fallbackCount++;
            continue;
          }
          if (why === "cancelled") {
            outcome = "aborted";
            errorCode = "aborted";
            throw new GatewayError("aborted", "The request was stopped.");
          }
          if (why === "total_timeout" || why === "first_token_timeout") {
            outcome = "timeout";
            errorCode = why;
            throw new GatewayError(
              "timeout",
              why === "first_token_timeout"
                ? `The AI provider did not start answering within ${Math.round(this.options.firstTokenTimeoutMs / 1000)} s.`
                : `The answer took longer than ${Math.round(this.options.totalTimeoutMs / 1000)} s and was cut off.`,
              { reason: why },
            );
          }
          outcome = "error";
          const status = statusOf(sdk, error);
          errorCode = status ? `http_${status}` : retryable ? "connection" : "provider_error";
          throw new GatewayError(
            retryable ? "all_routes_failed" : "provider_error",
            retryable
              ? "Every configured AI provider failed or was unreachable. Try again in a moment."
              : `The AI provider refused the request${status ? ` (HTTP ${status})` : ""}.`,
            { route: route.id, status },
          );
        } finally {
          // Ends the provider request if it is still open (the consumer stopped reading).
          attempt.abort("done");
          clearTimeout(firstTokenTimer);
          call.signal?.removeEventListener("abort", onCancel);
          total.signal.removeEventListener("abort", onTotal);
        }
      }
    } finally {
      clearTimeout(totalTimer);
      // Neither answered nor failed: the consumer stopped reading mid-stream.
      if (outcome === "error" && errorCode === null) {
        outcome = "aborted";
        errorCode = "consumer_closed";
      }
      // A stopped or failed stream reports no usage: charge what was sent and what arrived.
      const inputTokens = usage.reported ? usage.input : estimatedInput;
      const outputTokens = usage.reported ? usage.output : estimateTokens(text.length + JSON.stringify(toolCalls).length) - 16;
      const costMicros = outcome === "ok" || text.length > 0 || usage.reported ? prices.costMicros(route.provider, route.model, inputTokens, outputTokens) : 0;
      const latencyMs = performance.now() - started;
      await limits.charge(call.orgId, call.userId, inputTokens + outputTokens - estimatedInput);
      await call
        .transact(async (tx) => {
          await settleBudget(tx, call.orgId, reservation, costMicros);
          await recordUsage(tx, {
            orgId: call.orgId,
            userId: call.userId,
            feature: call.feature,
            route: route.id,
            model: route.model,
            inputTokens,
            outputTokens,
            costMicros,
            latencyMs,
            firstTokenMs,
            cacheHit: false,
            fallbackCount,
            outcome,
            errorCode,
          });
        })
        .catch((error: Error) => log.error({ error: { type: error.name, message: error.message } }, "ai usage not recorded"));
      if (outcome === "ok") {
        await cache.set(key, { text, toolCalls, route: route.id, model: route.model, inputTokens, outputTokens });
      }
      finalResult = {
        text,
        toolCalls,
        route: route.id,
        model: route.model,
        inputTokens,
        outputTokens,
        costMicros,
        latencyMs: Math.round(latencyMs),
        firstTokenMs,
        cacheHit: false,
        fallbackCount,
      };
    }
    const result = finalResult!;
    yield { type: "finish", result };
    return result;
  }

  private async *replay(call: GatewayCall, hit: CachedAnswer, started: number): AsyncGenerator<GatewayEvent, GatewayResult> {
    if (hit.text) yield { type: "text", delta: hit.text };
    for (const toolCall of hit.toolCalls) yield { type: "tool-call", ...toolCall };
    const result: GatewayResult = {
      ...hit,
      costMicros: 0,
      latencyMs: Math.round(performance.now() - started),
      firstTokenMs: Math.round(performance.now() - started),
      cacheHit: true,
      fallbackCount: 0,
    };
    await call.transact((tx) =>
      recordUsage(tx, {
        orgId: call.orgId,
        userId: call.userId,
        feature: call.feature,
        route: hit.route,
        model: hit.model,
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        latencyMs: result.latencyMs,
        firstTokenMs: result.firstTokenMs,
        cacheHit: true,
        fallbackCount: 0,
        outcome: "ok",
        errorCode: null,
      }),
    );
    yield { type: "finish", result };
    return result;
  }
}

/** Tool definitions without `execute`: the model's calls come back to the caller, who runs them under the user's scope. */
function toToolSet(sdk: Sdk, tools: Record<string, GatewayToolDefinition>): ToolSet {
  return Object.fromEntries(
    Object.entries(tools).map(([name, definition]) => [name, sdk.tool({ description: definition.description, inputSchema: definition.inputSchema })]),
  );
}
