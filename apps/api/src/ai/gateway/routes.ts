import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { AiProvider, ApiEnv } from "@agency/validators";
import type { LanguageModel } from "ai";

export interface GatewayRoute {
  /** `provider:model`, as configured (recorded in the ledger). */
  id: string;
  provider: AiProvider;
  model: string;
  languageModel: LanguageModel;
}

export class GatewayConfigError extends Error {
  override name = "GatewayConfigError";
}

type ProviderEnv = Pick<
  ApiEnv,
  "AI_ROUTES" | "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "ANTHROPIC_API_KEY" | "ANTHROPIC_BASE_URL" | "AI_COMPAT_BASE_URL" | "AI_COMPAT_API_KEY"
>;

/**
 * The ordered routes of AI_ROUTES, each bound to its provider through the Vercel AI SDK: OpenAI
 * (chat completions), Anthropic (messages) or any OpenAI-compatible server. Keys stay here, on
 * the server. A route whose provider lacks its key or URL stops the boot with a message naming
 * the variable. `fetch` is injectable (tests, benchmarks).
 */
export function buildRoutes(env: ProviderEnv, fetchImpl?: typeof fetch): GatewayRoute[] {
  const providers: Partial<Record<AiProvider, (model: string) => LanguageModel>> = {};
  const missing = (provider: AiProvider, variable: string) =>
    new GatewayConfigError(`AI_ROUTES names ${provider} but ${variable} is not set`);
  for (const route of env.AI_ROUTES) {
    if (providers[route.provider]) continue;
    if (route.provider === "openai") {
      if (!env.OPENAI_API_KEY) throw missing("openai", "OPENAI_API_KEY");
      const openai = createOpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, fetch: fetchImpl });
      providers.openai = (model) => openai.chat(model);
    } else if (route.provider === "anthropic") {
      if (!env.ANTHROPIC_API_KEY) throw missing("anthropic", "ANTHROPIC_API_KEY");
      const anthropic = createAnthropic({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, fetch: fetchImpl });
      providers.anthropic = (model) => anthropic(model);
    } else {
      if (!env.AI_COMPAT_BASE_URL) throw missing("compat", "AI_COMPAT_BASE_URL");
      const compat = createOpenAICompatible({
        name: "compat",
        baseURL: env.AI_COMPAT_BASE_URL,
        apiKey: env.AI_COMPAT_API_KEY,
        includeUsage: true,
        fetch: fetchImpl,
      });
      providers.compat = (model) => compat.chatModel(model);
    }
  }
  return env.AI_ROUTES.map((route) => ({ ...route, languageModel: providers[route.provider]!(route.model) }));
}
