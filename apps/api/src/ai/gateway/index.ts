import type { ApiEnv } from "@agency/validators";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createAnswerCache } from "./cache";
import { LlmGateway } from "./gateway";
import { GatewayLimits } from "./limits";
import { PriceTable } from "./prices";
import { buildRoutes } from "./routes";

export { GatewayError, type GatewayErrorCode } from "./errors";
export { LlmGateway, type GatewayCall, type GatewayEvent, type GatewayResult, type GatewayToolCall } from "./gateway";
export { readBudget, updateSettings, type BudgetState } from "./budget";
export { monthStart, nextMonthStart } from "./month";

/** Builds the process's gateway from env (composition root: app.ts). */
export function createGatewayFromEnv(env: ApiEnv, deps: { log: Logger; redis?: Redis; fetch?: typeof fetch }): LlmGateway {
  const routes = buildRoutes(env, deps.fetch);
  const prices = new PriceTable(env.AI_PRICES ?? []);
  for (const route of routes) {
    if (route.provider !== "compat" && !prices.has(route.model)) {
      deps.log.warn({ route: route.id }, "ai route has no price in the table: budgets charge it at the high default (set AI_PRICES)");
    }
  }
  return new LlmGateway({
    routes,
    prices,
    limits: new GatewayLimits(
      {
        userRequestsPerMinute: env.AI_USER_REQUESTS_PER_MINUTE,
        orgRequestsPerMinute: env.AI_ORG_REQUESTS_PER_MINUTE,
        userTokensPerMinute: env.AI_USER_TOKENS_PER_MINUTE,
        orgTokensPerMinute: env.AI_ORG_TOKENS_PER_MINUTE,
      },
      deps.redis,
    ),
    cache: createAnswerCache(env.AI_CACHE_TTL_SECONDS, deps.redis),
    log: deps.log.child({ component: "ai-gateway" }),
    firstTokenTimeoutMs: env.AI_FIRST_TOKEN_TIMEOUT_MS,
    totalTimeoutMs: env.AI_TOTAL_TIMEOUT_MS,
    maxOutputTokens: env.AI_MAX_OUTPUT_TOKENS,
    defaultBudgetMicros: env.AI_DEFAULT_MONTHLY_BUDGET_MICROS,
  });
}
