import { z } from "zod";

/** `provider:model` — provider is openai, anthropic or compat (any OpenAI-compatible server). */
export const aiProviderSchema = z.enum(["openai", "anthropic", "compat"]);
export type AiProvider = z.infer<typeof aiProviderSchema>;

const route = z
  .string()
  .regex(/^(openai|anthropic|compat):[A-Za-z0-9._:/@-]{1,150}$/, "each route is provider:model, provider one of openai, anthropic, compat")
  .transform((v) => {
    const colon = v.indexOf(":");
    return { provider: v.slice(0, colon) as AiProvider, model: v.slice(colon + 1), id: v };
  });

const intMs = (fallback: number) => z.coerce.number().int().min(100).max(600_000).default(fallback);
const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(100_000_000).default(fallback);
const optionalSecret = z.string().trim().min(1).optional();
const httpUrl = z
  .url("must be a URL such as http://127.0.0.1:11434/v1")
  .refine((v) => /^https?:\/\//.test(v), "must be an http:// or https:// URL")
  .optional();

/** `model=input/output` pairs, USD per million tokens: `gpt-4o-mini=0.15/0.6,llama3.2=0/0`. */
const priceList = z
  .string()
  .trim()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[^=\s]{1,150}=\d+(\.\d+)?\/\d+(\.\d+)?$/, "each price is model=input/output (USD per million tokens)")
        .transform((entry) => {
          const [model, pair] = entry.split("=") as [string, string];
          const [input, output] = pair.split("/").map(Number) as [number, number];
          return { model, inputUsdPerMillion: input, outputUsdPerMillion: output };
        }),
    ),
  );

/**
 * Env fragment of the LLM gateway (apps/api/src/ai/gateway/, README "AI assistant"). No routes:
 * the gateway is off and the assistant explains how to configure one.
 */
export const aiEnvShape = {
  /** Ordered routes tried in turn on timeouts, 429, 5xx and connection errors: `openai:gpt-4o-mini,anthropic:claude-3-5-haiku-latest,compat:llama3.2`. */
  AI_ROUTES: z
    .string()
    .trim()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(route).max(10, "at most 10 routes")),
  OPENAI_API_KEY: optionalSecret,
  /** Another OpenAI endpoint (Azure-style proxies); default https://api.openai.com/v1. */
  OPENAI_BASE_URL: httpUrl,
  ANTHROPIC_API_KEY: optionalSecret,
  ANTHROPIC_BASE_URL: httpUrl,
  /** The `compat` provider: any OpenAI-compatible server (Ollama http://127.0.0.1:11434/v1, vLLM, LM Studio, a company proxy). */
  AI_COMPAT_BASE_URL: httpUrl,
  AI_COMPAT_API_KEY: optionalSecret,
  AI_FIRST_TOKEN_TIMEOUT_MS: intMs(15_000),
  AI_TOTAL_TIMEOUT_MS: intMs(60_000),
  /** Identical requests within an organization are answered from cache for this long; 0 turns the cache off. */
  AI_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Monthly budget of an organization whose admins set none: integer micro-dollars (10000000 = $10). */
  AI_DEFAULT_MONTHLY_BUDGET_MICROS: z.coerce.number().int().min(0).max(1e15).default(10_000_000),
  /** Prices added to (or replacing entries of) the built-in table. */
  AI_PRICES: priceList.optional(),
  /** Output cap of one model call; also what the budget reserves for it. */
  AI_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(16).max(64_000).default(1_024),
  AI_USER_REQUESTS_PER_MINUTE: perMinute(20),
  AI_ORG_REQUESTS_PER_MINUTE: perMinute(200),
  AI_USER_TOKENS_PER_MINUTE: perMinute(60_000),
  AI_ORG_TOKENS_PER_MINUTE: perMinute(400_000),
};
