import { apiEnvSchema } from "@agency/validators";
import type { ModelMessage } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGatewayFromEnv, GatewayError, readBudget, updateSettings, type GatewayCall, type GatewayEvent, type LlmGateway } from "../src/ai/gateway";
import { createLogger } from "../src/observability/logger";
import { createUser, seedOrganization } from "./helpers/fixtures";
import { startTestApi, type TestApi } from "./helpers/test-api";
import { startFakeLlm, type FakeLlm } from "./support/fake-llm";

let api: TestApi;
let fake: FakeLlm;
let orgId: string;
let userId: string;
const log = createLogger({ level: "silent" });

beforeAll(async () => {
  api = await startTestApi();
  fake = await startFakeLlm();
  userId = await createUser(api, "ai-gateway@example.test");
  orgId = await seedOrganization(api, "Gateway Org", [{ userId, role: "member" }]);
});
afterAll(async () => {
  await fake?.close();
  await api?.close();
});
afterEach(async () => {
  fake.reset();
  await api.prisma.aiOrgSettings.deleteMany({});
  await api.prisma.aiUsage.deleteMany({});
});

/** A gateway over the fake, with the given routes and env on top of test defaults. */
function gateway(routes: string, env: Record<string, string> = {}): LlmGateway {
  const parsed = apiEnvSchema.parse({
    DATABASE_URL: api.databaseUrl,
    AI_ROUTES: routes,
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: fake.baseUrl,
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: fake.baseUrl,
    AI_COMPAT_BASE_URL: fake.baseUrl,
    AI_FIRST_TOKEN_TIMEOUT_MS: "5000",
    AI_TOTAL_TIMEOUT_MS: "20000",
    ...env,
  });
  return createGatewayFromEnv(parsed, { log });
}

let question = 0;
function call(overrides: Partial<GatewayCall> = {}): GatewayCall {
  question++;
  const messages: ModelMessage[] = [{ role: "user", content: `Question ${question}: how are we doing?` }];
  return {
    orgId,
    userId,
    feature: "test",
    messages,
    transact: (fn) => api.api.deps.db.tenant({ userId, orgId }, ({ tx }) => fn(tx)),
    ...overrides,
  };
}

async function collect(stream: AsyncGenerator<GatewayEvent>) {
  const events: GatewayEvent[] = [];
  for await (const event of stream) events.push(event);
  const finish = events.find((e) => e.type === "finish");
  return { events, text: events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join(""), result: finish?.type === "finish" ? finish.result : null };
}

async function failure(stream: AsyncGenerator<GatewayEvent>): Promise<GatewayError> {
  try {
    for await (const _ of stream) void _;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected the gateway call to fail");
}

const ledger = () => api.prisma.aiUsage.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } });

describe("LLM gateway over the fake provider", () => {
  it("streams OpenAI chat-completion chunks, reads usage from the final chunk and writes one ledger row", async () => {
    fake.script("gpt-4o-mini", { chunks: ["Hel", "lo", " there"], usage: { input: 1000, output: 2000 } });
    const { events, text, result } = await collect(gateway("openai:gpt-4o-mini").stream(call()));
    expect(events.filter((e) => e.type === "text").length).toBe(3);
    expect(text).toBe("Hello there");
    // gpt-4o-mini: 0.15 and 0.60 USD per million tokens = micro-dollars per token.
    expect(result).toMatchObject({ route: "openai:gpt-4o-mini", inputTokens: 1000, outputTokens: 2000, costMicros: 1350, cacheHit: false, fallbackCount: 0 });
    const [row] = await ledger();
    expect(row).toMatchObject({ userId, feature: "test", route: "openai:gpt-4o-mini", model: "gpt-4o-mini", inputTokens: 1000, outputTokens: 2000, outcome: "ok", cacheHit: false });
    expect(row!.costMicros).toBe(1350n);
    expect(row!.firstTokenMs).not.toBeNull();
    const budget = await api.api.deps.db.tenant({ userId, orgId }, ({ tx }) => readBudget(tx, orgId, 10_000_000));
    expect(budget).toMatchObject({ spentMicros: 1350, reservedMicros: 0 });
  });

  it("streams Anthropic messages events, text and tool calls", async () => {
    fake.script("claude-3-5-haiku-latest", {
      chunks: ["Sure", "."],
      toolCalls: [{ name: "search_tasks", args: { query: "launch" } }],
      usage: { input: 50, output: 7 },
    });
    const { z } = await import("zod");
    const { text, events, result } = await collect(
      gateway("anthropic:claude-3-5-haiku-latest").stream(
        call({ tools: { search_tasks: { description: "Search tasks", inputSchema: z.object({ query: z.string() }) } } }),
      ),
    );
    expect(text).toBe("Sure.");
    expect(events).toContainEqual(expect.objectContaining({ type: "tool-call", toolName: "search_tasks", input: { query: "launch" } }));
    expect(result).toMatchObject({ inputTokens: 50, outputTokens: 7, route: "anthropic:claude-3-5-haiku-latest" });
    expect(fake.requests[0]).toMatchObject({ provider: "anthropic", done: true });
  });

  it("falls back in order on 429 and 500 and records the fallbacks", async () => {
    fake.script("gpt-4o-mini", { status: 429 });
    fake.script("claude-3-5-haiku-latest", { status: 500 });
    fake.script("llama3.2", { chunks: ["from the third route"] });
    const { text, result } = await collect(gateway("openai:gpt-4o-mini,anthropic:claude-3-5-haiku-latest,compat:llama3.2").stream(call()));
    expect(text).toBe("from the third route");
    expect(fake.requests.map((r) => `${r.provider}:${r.model}`)).toEqual(["openai:gpt-4o-mini", "anthropic:claude-3-5-haiku-latest", "openai:llama3.2"]);
    expect(result).toMatchObject({ route: "compat:llama3.2", fallbackCount: 2 });
    const [row] = await ledger();
    expect(row).toMatchObject({ route: "compat:llama3.2", fallbackCount: 2, outcome: "ok" });
  });

  it("falls back when the provider is unreachable (connection refused)", async () => {
    const { text, result } = await collect(
      gateway("openai:gpt-4o-mini,compat:llama3.2", { OPENAI_BASE_URL: "http://127.0.0.1:9/v1" }).stream(call()),
    );
    expect(text).toBe("Hello from the fake model.");
    expect(result).toMatchObject({ route: "compat:llama3.2", fallbackCount: 1 });
  });

  it("does not fall back on a 400 the next provider would repeat", async () => {
    fake.script("gpt-4o-mini", { status: 400 });
    const error = await failure(gateway("openai:gpt-4o-mini,compat:llama3.2").stream(call()));
    expect(error.code).toBe("provider_error");
    expect(error.message).toContain("HTTP 400");
    expect(fake.requests.map((r) => r.model)).toEqual(["gpt-4o-mini"]);
    const [row] = await ledger();
    expect(row).toMatchObject({ outcome: "error", errorCode: "http_400", fallbackCount: 0 });
  });

  it("abandons a route that stalls before its first token (the fake sees the close) and falls back", async () => {
    fake.script("gpt-4o-mini", { stall: true });
    const closed = fake.nextEarlyClose();
    const { text, result } = await collect(gateway("openai:gpt-4o-mini,compat:llama3.2", { AI_FIRST_TOKEN_TIMEOUT_MS: "300" }).stream(call()));
    expect((await closed).model).toBe("gpt-4o-mini");
    expect(text).toBe("Hello from the fake model.");
    expect(result).toMatchObject({ fallbackCount: 1, route: "compat:llama3.2" });
  });

  it("cuts a stream off at the total timeout, keeps what arrived out of the cache and records a timeout", async () => {
    fake.script("gpt-4o-mini", { chunks: ["one ", "two ", "three"], holdAfter: 1 });
    const closed = fake.nextEarlyClose();
    const events: GatewayEvent[] = [];
    let caught: unknown;
    try {
      for await (const event of gateway("openai:gpt-4o-mini,compat:llama3.2", { AI_TOTAL_TIMEOUT_MS: "500" }).stream(call())) events.push(event);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).code).toBe("timeout");
    expect(events).toEqual([{ type: "text", delta: "one " }]);
    await closed;
    // Tokens were streamed: no fallback to the second route after that.
    expect(fake.requests.map((r) => r.model)).toEqual(["gpt-4o-mini"]);
    const [row] = await ledger();
    expect(row).toMatchObject({ outcome: "timeout", errorCode: "total_timeout" });
  });

  it("cancels: aborting the caller's signal closes the upstream request", async () => {
    fake.script("gpt-4o-mini", { chunks: ["a", "b", "c"], holdAfter: 1 });
    const controller = new AbortController();
    const closed = fake.nextEarlyClose();
    const stream = gateway("openai:gpt-4o-mini").stream(call({ signal: controller.signal }));
    const first = await stream.next();
    expect(first.value).toEqual({ type: "text", delta: "a" });
    controller.abort();
    const error = await failure(stream);
    expect(error.code).toBe("aborted");
    expect((await closed).closedEarly).toBe(true);
    const [row] = await ledger();
    expect(row).toMatchObject({ outcome: "aborted" });
  });

  it("answers an identical request from the cache, never an error", async () => {
    const g = gateway("openai:gpt-4o-mini");
    const same = call();
    fake.script("gpt-4o-mini", { status: 500 }, { chunks: ["cached ", "answer"] });
    expect((await failure(g.stream(same))).code).toBe("all_routes_failed");
    const second = await collect(g.stream(same));
    expect(second.result?.cacheHit).toBe(false);
    const third = await collect(g.stream(same));
    expect(third.text).toBe("cached answer");
    expect(third.result).toMatchObject({ cacheHit: true, costMicros: 0 });
    // The failure and the first answer reached the provider; the cache answered the third.
    expect(fake.requests).toHaveLength(2);
    // Another organization asking the same thing is not answered from this one's cache.
    const otherUser = await createUser(api, "ai-gateway-other@example.test");
    const otherOrg = await seedOrganization(api, "Other Gateway Org", [{ userId: otherUser, role: "member" }]);
    const other = await collect(
      g.stream({ ...same, orgId: otherOrg, userId: otherUser, transact: (fn) => api.api.deps.db.tenant({ userId: otherUser, orgId: otherOrg }, ({ tx }) => fn(tx)) }),
    );
    expect(other.result?.cacheHit).toBe(false);
    expect((await ledger()).map((r) => [r.outcome, r.cacheHit])).toEqual([["error", false], ["ok", false], ["ok", true]]);
  });

  it("reserves before and settles after: 20 concurrent calls never overspend the monthly budget", async () => {
    await api.api.deps.db.tenant({ userId, orgId }, ({ tx }) => updateSettings(tx, orgId, { monthlyBudgetMicros: 1_000_000 }));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const g = gateway("openai:budget-model", { AI_PRICES: "budget-model=1000/1000", AI_MAX_OUTPUT_TOKENS: "100", AI_CACHE_TTL_SECONDS: "0", AI_USER_REQUESTS_PER_MINUTE: "100" });
    for (let i = 0; i < 20; i++) fake.script("budget-model", { chunks: ["ok"], usage: { input: 10, output: 5 }, gate });
    let settled = 0;
    let allIn!: () => void;
    const everyoneArrived = new Promise<void>((resolve) => (allIn = resolve));
    const arrived = () => {
      settled++;
      if (settled === 20) allIn();
    };
    fake.onRequest(arrived);
    const calls = Array.from({ length: 20 }, () =>
      collect(g.stream(call())).then(
        (r) => r,
        (error: GatewayError) => {
          arrived();
          return error;
        },
      ),
    );
    await everyoneArrived;
    open();
    const outcomes = await Promise.all(calls);
    const refused = outcomes.filter((o): o is GatewayError => o instanceof GatewayError);
    const answered = outcomes.length - refused.length;
    expect(refused.length).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error.code).toBe("budget_exceeded");
      expect(error.message).toMatch(/monthly AI budget of \$1\.00 .* resets on \d{4}-\d{2}-01/);
    }
    const budget = await api.api.deps.db.tenant({ userId, orgId }, ({ tx }) => readBudget(tx, orgId, 0));
    expect(budget.reservedMicros).toBe(0);
    expect(budget.spentMicros).toBe(answered * 15_000);
    expect(budget.spentMicros).toBeLessThanOrEqual(1_000_000);
    const rows = await ledger();
    expect(rows).toHaveLength(answered);
    expect(rows.reduce((sum, r) => sum + r.costMicros, 0n)).toBe(BigInt(budget.spentMicros));
  });

  it("limits requests per user per minute", async () => {
    const g = gateway("openai:gpt-4o-mini", { AI_USER_REQUESTS_PER_MINUTE: "2" });
    await collect(g.stream(call()));
    await collect(g.stream(call()));
    const error = await failure(g.stream(call()));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/Try again in \d+ s/);
    expect(fake.requests).toHaveLength(2);
  });

  it("says so when no route is configured", async () => {
    const error = await failure(gateway("").stream(call()));
    expect(error.code).toBe("not_configured");
  });
});
