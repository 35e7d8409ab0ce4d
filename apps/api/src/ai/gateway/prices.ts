import type { AiProvider } from "@agency/validators";

/** USD per million tokens, as the providers publish them. */
export interface ModelPrice {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
}

/**
 * Built-in list prices (USD per million tokens, standard tier, no batch or cache discounts).
 * AI_PRICES adds models or replaces entries. A price of 1 USD per million tokens is exactly
 * 1 micro-dollar per token, so costs are integers: ceil(tokens × price).
 */
export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o-mini": { inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6 },
  "gpt-4o": { inputUsdPerMillion: 2.5, outputUsdPerMillion: 10 },
  "gpt-4.1": { inputUsdPerMillion: 2, outputUsdPerMillion: 8 },
  "gpt-4.1-mini": { inputUsdPerMillion: 0.4, outputUsdPerMillion: 1.6 },
  "gpt-4.1-nano": { inputUsdPerMillion: 0.1, outputUsdPerMillion: 0.4 },
  "claude-3-5-haiku-latest": { inputUsdPerMillion: 0.8, outputUsdPerMillion: 4 },
  "claude-3-5-sonnet-latest": { inputUsdPerMillion: 3, outputUsdPerMillion: 15 },
  "claude-sonnet-4-0": { inputUsdPerMillion: 3, outputUsdPerMillion: 15 },
  "claude-opus-4-0": { inputUsdPerMillion: 15, outputUsdPerMillion: 75 },
};

/**
 * A hosted model missing from the table is priced high on purpose (budgets must not be
 * under-charged); an OpenAI-compatible server is usually local and free unless AI_PRICES says
 * otherwise.
 */
export const UNKNOWN_HOSTED_PRICE: ModelPrice = { inputUsdPerMillion: 15, outputUsdPerMillion: 75 };
export const UNKNOWN_COMPAT_PRICE: ModelPrice = { inputUsdPerMillion: 0, outputUsdPerMillion: 0 };

export class PriceTable {
  private readonly prices: Map<string, ModelPrice>;
  constructor(overrides: readonly ({ model: string } & ModelPrice)[] = []) {
    this.prices = new Map(Object.entries(BUILT_IN_PRICES));
    for (const { model, ...price } of overrides) this.prices.set(model, price);
  }

  has(model: string): boolean {
    return this.prices.has(model);
  }

  priceOf(provider: AiProvider, model: string): ModelPrice {
    return this.prices.get(model) ?? (provider === "compat" ? UNKNOWN_COMPAT_PRICE : UNKNOWN_HOSTED_PRICE);
  }

  /** Integer micro-dollars, rounded up. */
  costMicros(provider: AiProvider, model: string, inputTokens: number, outputTokens: number): number {
    const price = this.priceOf(provider, model);
    return Math.ceil(inputTokens * price.inputUsdPerMillion + outputTokens * price.outputUsdPerMillion);
  }
}
