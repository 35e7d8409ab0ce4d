import type { AiProvider, ApiEnv } from "@agency/validators";
import type { LanguageModel } from "ai";

export interface GatewayRoute {
  /** `provider:model`, as configured (recorded in the ledger). */
  id: string;
  provider: AiProvider;
  model: string;
  /**
   * The provider's model, loaded on first use: the AI SDK's packages are imported only when a
   * call needs them, so an API without routes (or before its first AI call) never loads them
   * (they cost ~35 MB and a few hundred ms of start-up).
   */
  languageModel(): Promise<LanguageModel>;
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
  const missing = (provider: AiProvider, variable: string) =>
    new GatewayConfigError(`AI_ROUTES names ${provider} but ${variable} is not set`);
  // Checked at boot, so a misconfiguration stops the process with the variable's name.
  for (const route of env.AI_ROUTES) {
    if (route.provider === "openai" && !env.OPENAI_API_KEY) throw missing("openai", "OPENAI_API_KEY");
    if (route.provider === "anthropic" && !env.ANTHROPIC_API_KEY) throw missing("anthropic", "ANTHROPIC_API_KEY");
    if (route.provider === "compat" && !env.AI_COMPAT_BASE_URL) throw missing("compat", "AI_COMPAT_BASE_URL");
  }
  const providers: Partial<Record<AiProvider, Promise<(model: string) => LanguageModel>>> = {};
  const load = (provider: AiProvider): Promise<(model: string) => LanguageModel> =>
    (providers[provider] ??= (async () => {
      if (provider === "openai") {
        const { createOpenAI } = await import("@ai-sdk/openai");
        const openai = createOpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, fetch: fetchImpl });
        return (model: string) => openai.chat(model);
      }
      if (provider === "anthropic") {
        const { createAnthropic } = await import("@ai-sdk/anthropic");
        const anthropic = createAnthropic({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, fetch: fetchImpl });
        return (model: string) => anthropic(model);
      }
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      const compat = createOpenAICompatible({
        name: "compat",
        baseURL: env.AI_COMPAT_BASE_URL!,
        apiKey: env.AI_COMPAT_API_KEY,
        includeUsage: true,
        fetch: fetchImpl,
      });
      return (model: string) => compat.chatModel(model);
    })());
  return env.AI_ROUTES.map((route) => {
    let model: Promise<LanguageModel> | undefined;
    return { ...route, languageModel: () => (model ??= load(route.provider).then((make) => make(route.model))) };
  });
}
