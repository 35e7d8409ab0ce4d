/**
 * `pnpm bench:ai` — what the LLM gateway adds to a streamed answer. A local fake provider
 * (test/support/fake-llm.ts, OpenAI chat-completions SSE) answers every call the same way; the
 * script measures time to first token (TTFT) three ways, interleaved, N rounds each:
 *
 *   fake      the fake's own TTFT, read with a bare fetch (the floor)
 *   gateway   LlmGateway.stream in-process: limits, budget reservation (one short transaction),
 *             the AI SDK's request and SSE parsing
 *   stack     the whole product path over HTTP: assistant.send (tRPC mutation, its transaction),
 *             then assistant.stream (SSE subscription: claim + history read, gateway, first item)
 *
 * and prints p50/p95 of each and of the overhead (gateway − fake, stack − fake). Figures, not
 * assertions. Needs a migrated database: DATABASE_URL, or the embedded one `pnpm dev` uses.
 * Options: --rounds 40.
 */
import { parseArgs } from "node:util";
import { resolveDatabaseUrl } from "@agency/db/local-postgres";
import { measureAiOverhead } from "./bench/ai-overhead";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "40" } } });
const db = await resolveDatabaseUrl();
try {
  console.log(`bench:ai — ${await measureAiOverhead(db.url, Number(args.rounds))}`);
} finally {
  await db.stop();
}
