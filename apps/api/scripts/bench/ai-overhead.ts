/**
 * What the LLM gateway adds to time to first token, against the local fake provider: shared by
 * `pnpm bench:ai` (scripts/bench-ai.ts) and `pnpm bench:api` (its last table). See bench-ai.ts.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createPrismaClient } from "@agency/db";
import { apiEnvSchema } from "@agency/validators";
import { createGatewayFromEnv } from "../../src/ai/gateway";
import { createApi } from "../../src/app";
import { createLogger } from "../../src/observability/logger";
import { INTERNAL_SECRET_HEADER, SESSION_HEADER } from "../../src/services/auth/internal-secret";
import { startFakeLlm } from "../../test/support/fake-llm";
import { formatTable, ms, summarize } from "./latency";

/** Measures the three paths `rounds` times each (interleaved) and returns the printable table. */
export async function measureAiOverhead(databaseUrl: string, rounds: number): Promise<string> {
  const fake = await startFakeLlm({
    responder: () => ({ chunks: ["The", " answer", " is", " here."], usage: { input: 30, output: 4 } }),
  });
  const secret = randomBytes(32).toString("hex");
  const env = apiEnvSchema.parse({
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    INTERNAL_API_SECRET: secret,
    RATE_LIMIT_SCALE: "1000",
    AI_ROUTES: "openai:gpt-4o-mini",
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: fake.baseUrl,
    AI_CACHE_TTL_SECONDS: "0",
    AI_USER_REQUESTS_PER_MINUTE: "100000",
    AI_ORG_REQUESTS_PER_MINUTE: "100000",
    AI_USER_TOKENS_PER_MINUTE: "100000000",
    AI_ORG_TOKENS_PER_MINUTE: "100000000",
    AI_DEFAULT_MONTHLY_BUDGET_MICROS: "1000000000000",
  });
  const log = createLogger({ level: "warn" });
  const api = await createApi({ env, log });
  const owner = createPrismaClient({ connectionString: databaseUrl, max: 2, applicationName: "agency-bench-ai" });
  const tag = randomBytes(4).toString("hex");
  const user = await owner.user.create({
    data: { email: `bench-ai-${tag}@bench.test`, name: "Bench AI", emailVerifiedAt: new Date() },
  });
  const org = await owner.organization.create({ data: { name: `Bench AI ${tag}`, slug: `bench-ai-${tag}` } });
  await owner.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
  const session = await owner.session.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) },
  });

  try {
    await api.app.listen({ host: "127.0.0.1", port: 0 });
    const base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    const headers = {
      [INTERNAL_SECRET_HEADER]: secret,
      [SESSION_HEADER]: session.id,
      "content-type": "application/json",
    };
    const gateway = createGatewayFromEnv(env, { log });

    /** Time until the first SSE line matching `first` arrives on `response`, then drains it. */
    async function firstMatch(response: Response, first: (text: string) => boolean, started: number): Promise<number> {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let seen = "";
      let at = Number.NaN;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += value;
        if (Number.isNaN(at) && first(seen)) at = performance.now() - started;
      }
      return at;
    }

    const fakeDirect = async () => {
      const started = performance.now();
      const response = await fetch(`${fake.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] }),
      });
      return firstMatch(response, (text) => text.includes('"content":"The"'), started);
    };
    const viaGateway = async (i: number) => {
      const started = performance.now();
      let at = Number.NaN;
      for await (const event of gateway.stream({
        orgId: org.id,
        userId: user.id,
        feature: "bench",
        messages: [{ role: "user", content: `bench ${i}` }],
        transact: (fn) => api.deps.db.tenant({ userId: user.id, orgId: org.id }, ({ tx }) => fn(tx)),
      })) {
        if (event.type === "text" && Number.isNaN(at)) at = performance.now() - started;
      }
      return at;
    };
    const viaStack = async (i: number) => {
      const started = performance.now();
      const sent = await fetch(`${base}/trpc/assistant.send`, {
        method: "POST",
        headers,
        body: JSON.stringify({ orgId: org.id, message: `bench ${i}` }),
      });
      const turn = ((await sent.json()) as { result: { data: { assistantMessageId: string } } }).result.data;
      const input = encodeURIComponent(JSON.stringify({ orgId: org.id, messageId: turn.assistantMessageId }));
      const response = await fetch(`${base}/trpc/assistant.stream?input=${input}`, {
        headers: { ...headers, accept: "text/event-stream" },
      });
      return firstMatch(response, (text) => text.includes('"type":"text"'), started);
    };

    // Warm-up (JIT, connections), then interleaved rounds so drift hits every path alike.
    for (let i = 0; i < 3; i++) {
      await fakeDirect();
      await viaGateway(i);
      await viaStack(i);
    }
    const samples = { fake: [] as number[], gateway: [] as number[], stack: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      samples.fake.push(await fakeDirect());
      samples.gateway.push(await viaGateway(i));
      samples.stack.push(await viaStack(i));
    }
    const fakeSummary = summarize(samples.fake);
    const gatewaySummary = summarize(samples.gateway);
    const stackSummary = summarize(samples.stack);
    return `LLM gateway: time to first token, ${rounds} rounds each (fake provider on loopback, cache off)\n\n${formatTable(
      ["path", "p50", "p95", "overhead p50 (− fake)"],
      [
        ["fake provider alone", ms(fakeSummary.p50), ms(fakeSummary.p95), "–"],
        [
          "gateway (in-process)",
          ms(gatewaySummary.p50),
          ms(gatewaySummary.p95),
          ms(gatewaySummary.p50 - fakeSummary.p50),
        ],
        [
          "stack (send + SSE stream)",
          ms(stackSummary.p50),
          ms(stackSummary.p95),
          ms(stackSummary.p50 - fakeSummary.p50),
        ],
      ],
    )}`;
  } finally {
    await owner.organization.delete({ where: { id: org.id } }).catch(() => undefined);
    await owner.user.delete({ where: { id: user.id } }).catch(() => undefined);
    await owner.$disconnect();
    await api.close();
    await fake.close();
  }
}
