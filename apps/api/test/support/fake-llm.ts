/**
 * A local fake of the model providers, speaking their real wire formats so the AI SDK's own
 * parsers run: OpenAI chat completions (`POST /v1/chat/completions`, streaming SSE chunks, tool
 * calls, usage in the final chunk) and Anthropic messages (`POST /v1/messages`, streaming
 * events). Each request takes the next scripted reply for its model (or the default responder):
 * it can answer slowly, hold after some chunks until the client goes away, fail with any
 * status, or stall before the first token. Every request is recorded, with whether the client
 * closed the connection before the reply ended (cancellation reaching the provider).
 *
 * Used by the API tests, `pnpm bench:ai` and the E2E stack (`node --import tsx fake-llm.ts --port N`).
 */
import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeToolCall {
  name: string;
  args: Record<string, unknown>;
}

export interface FakeReply {
  /** An error status (429, 500, 400, …) answered with the provider's error body. */
  status?: number;
  /** Text chunks streamed one per event. */
  chunks?: string[];
  toolCalls?: FakeToolCall[];
  /** Pause before each chunk (after the headers): a slow model. */
  delayMs?: number;
  /** Send the headers, then nothing: a model that never starts answering. */
  stall?: boolean;
  /** After this many chunks, wait until the client closes the connection. */
  holdAfter?: number;
  usage?: { input: number; output: number };
  /** Answer only once this settles (tests hold replies to make calls overlap). */
  gate?: Promise<unknown>;
}

export interface FakeRequest {
  provider: "openai" | "anthropic";
  model: string;
  body: Record<string, unknown>;
  /** The client closed the connection before the reply was complete. */
  closedEarly: boolean;
  done: boolean;
}

type Responder = (request: FakeRequest) => FakeReply;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of the last user message, whichever wire format. */
export function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== "user") continue;
    if (typeof message.content === "string") return message.content;
    if (Array.isArray(message.content)) {
      const texts = (message.content as { type: string; text?: string }[]).filter((p) => p.type === "text").map((p) => p.text ?? "");
      if (texts.length) return texts.join(" ");
    }
  }
  return "";
}

/** True when the newest message carries tool results (the model's second step). */
export function endsWithToolResult(body: Record<string, unknown>): boolean {
  const messages = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
  const last = messages[messages.length - 1];
  if (!last) return false;
  if (last.role === "tool") return true;
  return Array.isArray(last.content) && (last.content as { type: string }[]).some((p) => p.type === "tool_result");
}

/**
 * Deterministic default answers for E2E and benchmarks: "plan …" proposes three tasks through
 * the propose_tasks tool; "slow …" streams 60 chunks 150 ms apart; anything else is echoed in a
 * few chunks.
 */
export const defaultResponder: Responder = (request) => {
  const text = lastUserText(request.body);
  if (endsWithToolResult(request.body)) {
    return { chunks: ["Done. ", "Review the proposal ", "and confirm it to create the tasks."], delayMs: 20 };
  }
  if (/\bplan\b/i.test(text)) {
    return {
      toolCalls: [
        {
          name: "propose_tasks",
          args: { tasks: [{ title: "Draft wireframes" }, { title: "Review copy with client" }, { title: "Launch checklist" }] },
        },
      ],
    };
  }
  if (/\bslow\b/i.test(text)) {
    return { chunks: Array.from({ length: 60 }, (_, i) => `word${i} `), delayMs: 150 };
  }
  return { chunks: ["Hello", " from", " the", " fake", " model."], delayMs: 20 };
};

export interface FakeLlm {
  url: string;
  /** Base URL for OPENAI_BASE_URL / AI_COMPAT_BASE_URL / ANTHROPIC_BASE_URL. */
  baseUrl: string;
  requests: FakeRequest[];
  /** Queue replies for one model (used in order, then the default responder). */
  script(model: string, ...replies: FakeReply[]): void;
  /** Resolves when a request's connection closes before its reply ended. */
  nextEarlyClose(): Promise<FakeRequest>;
  /** Called for every request as it arrives. */
  onRequest(listener: (request: FakeRequest) => void): void;
  /** Resolves when the server has received a request for `model`. */
  nextRequest(model?: string): Promise<FakeRequest>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeLlm(options: { port?: number; responder?: Responder } = {}): Promise<FakeLlm> {
  const scripts = new Map<string, FakeReply[]>();
  const requests: FakeRequest[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const responder = options.responder ?? defaultResponder;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? "").split("?")[0]!;
    const provider = path.endsWith("/chat/completions") ? "openai" : path.endsWith("/messages") ? "anthropic" : null;
    if (req.method !== "POST" || !provider) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    const request: FakeRequest = { provider, model: String(body.model), body, closedEarly: false, done: false };
    requests.push(request);
    res.on("close", () => {
      if (!request.done) {
        request.closedEarly = true;
        events.emit("early-close", request);
      }
    });
    events.emit("request", request);
    const reply = scripts.get(request.model)?.shift() ?? responder(request);
    if (reply.gate) await reply.gate;
    await (provider === "openai" ? openaiReply(res, request, reply) : anthropicReply(res, request, reply));
  }

  const alive = (res: ServerResponse) => !res.destroyed && !res.writableEnded;
  async function pace(res: ServerResponse, reply: FakeReply, sent: number) {
    if (reply.holdAfter !== undefined && sent >= reply.holdAfter) {
      if (alive(res)) await once(res, "close");
      return false;
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    return alive(res);
  }
  const usageOf = (reply: FakeReply) =>
    reply.usage ?? { input: 20, output: Math.max(1, (reply.chunks?.length ?? 0) + (reply.toolCalls?.length ?? 0) * 10) };

  async function openaiReply(res: ServerResponse, request: FakeRequest, reply: FakeReply) {
    if (reply.status) {
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `fake error ${reply.status}`, type: reply.status === 429 ? "rate_limit_error" : "server_error", code: null } }));
      request.done = true;
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    if (reply.stall) {
      await once(res, "close");
      return;
    }
    const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: request.model };
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
    send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    let sent = 0;
    for (const chunk of reply.chunks ?? []) {
      if (!(await pace(res, reply, sent))) return;
      send({ ...base, choices: [{ index: 0, delta: { content: chunk }, finish_reason: null }] });
      sent++;
    }
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      if (!(await pace(res, reply, sent))) return;
      const args = JSON.stringify(call.args);
      const half = Math.floor(args.length / 2);
      send({
        ...base,
        choices: [{ index: 0, delta: { tool_calls: [{ index, id: `call_${index}`, type: "function", function: { name: call.name, arguments: args.slice(0, half) } }] }, finish_reason: null }],
      });
      send({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, finish_reason: null }] });
      sent++;
    }
    const usage = usageOf(reply);
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: reply.toolCalls?.length ? "tool_calls" : "stop" }] });
    send({ ...base, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } });
    res.write("data: [DONE]\n\n");
    request.done = true;
    res.end();
  }

  async function anthropicReply(res: ServerResponse, request: FakeRequest, reply: FakeReply) {
    if (reply.status) {
      const type = reply.status === 429 ? "rate_limit_error" : reply.status >= 500 ? "api_error" : "invalid_request_error";
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ type: "error", error: { type, message: `fake error ${reply.status}` } }));
      request.done = true;
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    if (reply.stall) {
      await once(res, "close");
      return;
    }
    const usage = usageOf(reply);
    const send = (event: string, payload: Record<string, unknown>) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...payload })}\n\n`);
    send("message_start", {
      message: { id: "msg_fake", type: "message", role: "assistant", model: request.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1 } },
    });
    let block = 0;
    let sent = 0;
    if (reply.chunks?.length) {
      send("content_block_start", { index: block, content_block: { type: "text", text: "" } });
      send("ping", {});
      for (const chunk of reply.chunks) {
        if (!(await pace(res, reply, sent))) return;
        send("content_block_delta", { index: block, delta: { type: "text_delta", text: chunk } });
        sent++;
      }
      send("content_block_stop", { index: block });
      block++;
    }
    for (const [i, call] of (reply.toolCalls ?? []).entries()) {
      if (!(await pace(res, reply, sent))) return;
      send("content_block_start", { index: block, content_block: { type: "tool_use", id: `toolu_${i}`, name: call.name, input: {} } });
      send("content_block_delta", { index: block, delta: { type: "input_json_delta", partial_json: JSON.stringify(call.args) } });
      send("content_block_stop", { index: block });
      block++;
      sent++;
    }
    send("message_delta", { delta: { stop_reason: reply.toolCalls?.length ? "tool_use" : "end_turn", stop_sequence: null }, usage: { output_tokens: usage.output } });
    send("message_stop", {});
    request.done = true;
    res.end();
  }

  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    script(model, ...replies) {
      scripts.set(model, [...(scripts.get(model) ?? []), ...replies]);
    },
    onRequest: (listener) => void events.on("request", listener),
    nextEarlyClose: () => once(events, "early-close").then(([request]) => request as FakeRequest),
    nextRequest: (model) =>
      new Promise((resolve) => {
        const listener = (request: FakeRequest) => {
          if (model && request.model !== model) return;
          events.off("request", listener);
          resolve(request);
        };
        events.on("request", listener);
      }),
    reset() {
      scripts.clear();
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Standalone: the E2E stack runs `node --import tsx apps/api/test/support/fake-llm.ts --port 4399`.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const portArg = process.argv.indexOf("--port");
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
  void startFakeLlm({ port }).then((fake) => {
    console.log(`fake-llm listening on ${fake.url}`);
    const stop = () => void fake.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
