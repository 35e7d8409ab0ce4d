import { apiErrorCodeSchema } from "@agency/validators";
import { toJsonText } from "./mutations";

export type ProcedureType = "query" | "mutation" | "subscription";

export interface TrpcCall {
  path: string;
  type: ProcedureType;
  /** `undefined`: no input sent at all. */
  input: unknown;
  headers: Record<string, string>;
  /** Send as a tRPC batch with a second call to `batchWith` (same input). */
  batchWith?: string;
  /** Mutations: the content-type sent (default application/json; null: none). */
  contentType?: string | null;
  /** Cut the input's JSON text to this many characters (malformed JSON). */
  truncateAt?: number;
}

export interface Outcome {
  status: number;
  /** The response body (for streams: the events read). */
  body: string;
  /** What is wrong with the answer: a 5xx (prefixed "5xx:"), or an error that is not our envelope. Empty when fine. */
  problems: string[];
}

/** Whether a problem is a server error (a 5xx status, or an error item or stream event saying 5xx). */
export const isServerError = (problem: string) => problem.startsWith("5xx:");

/** How long a subscription is read for its first meaningful event before it is cancelled. */
const STREAM_READ_MS = 150;

/** Sends one call the way tRPC's HTTP links do: GET ?input= for queries and subscriptions, POST JSON for mutations. */
/** Longest any answer may take before the call counts as hung. */
const ANSWER_TIMEOUT_MS = 20_000;

export async function sendTrpc(base: string, call: TrpcCall): Promise<Outcome> {
  const paths = call.batchWith ? `${call.path},${call.batchWith}` : call.path;
  const inputText = call.input === undefined ? undefined : toJsonText(call.input);
  const batchText = inputText === undefined ? undefined : `{"0":${inputText},"1":${inputText}}`;
  const whole = call.batchWith ? batchText : inputText;
  const payload = call.truncateAt === undefined ? whole : whole?.slice(0, call.truncateAt);
  const query = new URLSearchParams();
  if (call.batchWith) query.set("batch", "1");
  if (call.type !== "mutation" && payload !== undefined) query.set("input", payload);
  const qs = query.size ? `?${query.toString()}` : "";
  const url = `${base}/trpc/${paths}${qs}`;

  if (call.type === "subscription") return readStream(url, call.headers);
  // A failure bound, not synchronization: an answer that never comes is a finding too.
  const signal = AbortSignal.timeout(ANSWER_TIMEOUT_MS);
  const response =
    call.type === "query"
      ? await fetch(url, { headers: call.headers, signal })
      : await fetch(url, {
          method: "POST",
          signal,
          headers: {
            ...(call.contentType === null ? {} : { "content-type": call.contentType ?? "application/json" }),
            ...call.headers,
          },
          // A Uint8Array body: fetch adds no content-type of its own.
          body: new TextEncoder().encode(payload ?? ""),
        });
  const text = await response.text();
  return { status: response.status, body: text, problems: checkJsonAnswer(response, text, !!call.batchWith) };
}

async function readStream(url: string, headers: Record<string, string>): Promise<Outcome> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (!response.headers.get("content-type")?.includes("text/event-stream")) {
    const text = await response.text();
    return { status: response.status, body: text, problems: checkJsonAnswer(response, text, false) };
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let received = "";
  const deadline = Date.now() + STREAM_READ_MS;
  try {
    // Read until the first message that is neither "connected" nor a ping (data or an error), or the deadline.
    while (!sseMessages(received).some((m) => m.event !== "connected" && m.event !== "ping")) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const next = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
      ]);
      if (!next || next.done) break;
      received += next.value;
    }
  } finally {
    controller.abort();
    await reader.cancel().catch(() => undefined);
  }
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`5xx: HTTP ${response.status}`);
  for (const message of sseMessages(received)) {
    if (message.event !== "serialized-error") continue;
    const status = (JSON.parse(message.data) as { data?: { httpStatus?: number } }).data?.httpStatus;
    if (typeof status !== "number" || status >= 500) problems.push(`5xx: stream error with httpStatus ${status}`);
  }
  return { status: response.status, body: received, problems };
}

/** The complete messages of an SSE text (blocks ending in a blank line). */
function sseMessages(text: string): { event?: string; data: string }[] {
  return text
    .split("\n\n")
    .slice(0, -1)
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
      const data = lines
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n");
      return { event, data };
    });
}

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  requestId?: unknown;
  data?: { code?: unknown; httpStatus?: unknown; requestId?: unknown };
}

/** A tRPC error in our envelope: JSON-RPC code, message, request id, and `data` with our code and the status. */
function envelopeProblems(error: ErrorShape | undefined, status: number, requestId: string | null): string[] {
  if (!error) return ["no error object"];
  const problems: string[] = [];
  if (typeof error.code !== "number") problems.push("error.code is not tRPC's numeric code");
  if (typeof error.message !== "string") problems.push("error.message missing");
  if (!apiErrorCodeSchema.safeParse(error.data?.code).success)
    problems.push(`error.data.code ${String(error.data?.code)} unknown`);
  if (typeof error.data?.httpStatus !== "number") problems.push("error.data.httpStatus missing");
  else if (error.data.httpStatus >= 500) problems.push(`5xx: error.data.httpStatus ${error.data.httpStatus}`);
  else if (status !== 207 && error.data.httpStatus !== status)
    problems.push(`data.httpStatus ${error.data.httpStatus} ≠ HTTP ${status}`);
  if (error.requestId !== requestId) problems.push(`requestId ${String(error.requestId)} ≠ x-request-id ${requestId}`);
  return problems;
}

function checkJsonAnswer(response: Response, text: string, batch: boolean): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`5xx: HTTP ${response.status}`);
  if (response.status < 400 && response.status !== 207 && !batch) return problems;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [...problems, "error body is not JSON"];
  }
  const requestId = response.headers.get("x-request-id");
  const items = Array.isArray(json) ? (json as { error?: ErrorShape }[]) : [json as { error?: ErrorShape }];
  for (const item of items) {
    if (item && typeof item === "object" && "error" in item)
      problems.push(...envelopeProblems(item.error, response.status, requestId));
    else if (response.status >= 400 && !Array.isArray(json)) problems.push("error status without an error body");
  }
  return problems;
}
