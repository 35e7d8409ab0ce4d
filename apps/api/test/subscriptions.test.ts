import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers/test-api";

let t: TestApi;
let base: string;
beforeAll(async () => {
  t = await startTestApi();
  base = await t.listen();
});
afterAll(() => t.close());

/** Reads SSE events from a response until `count` data events arrived. */
async function readEvents(response: Response, count: number) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { id?: string; data?: string; event?: string }[] = [];
  let buffer = "";
  while (events.filter((e) => e.data && !e.event).length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const event: { id?: string; data?: string; event?: string } = {};
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(":");
        const value = rest.join(":").trimStart();
        if (field === "id" || field === "data" || field === "event") event[field] = value;
      }
      events.push(event);
    }
  }
  await reader.cancel();
  return events.filter((e) => e.data && !e.event);
}

describe("SSE subscriptions", () => {
  it("streams tracked heartbeat events with ids", async () => {
    const response = await fetch(`${base}/trpc/system.heartbeat`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const [first] = await readEvents(response, 1);
    expect(first?.id).toBe("1");
    expect(JSON.parse(first!.data!)).toMatchObject({ sequence: 1 });
  });

  it("resumes after the last event id a client saw", async () => {
    const input = encodeURIComponent(JSON.stringify({ lastEventId: "41" }));
    const response = await fetch(`${base}/trpc/system.heartbeat?input=${input}`);
    const [first] = await readEvents(response, 1);
    expect(first?.id).toBe("42");
  });

  it("ends open streams on shutdown so draining completes", async () => {
    const own = await startTestApi();
    const ownBase = await own.listen();
    const response = await fetch(`${ownBase}/trpc/system.heartbeat`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    // The first beat is sent at once; the next one is seconds away, so the stream is open and idle.
    while (!parseEvents(received).some((event) => event.id === "1")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before its first event: ${JSON.stringify(received)}`);
      received += value;
    }
    // Read to the end from before close(): only the server ending the response can finish this,
    // and it rejects (undici's "terminated") if the connection is cut instead of ended.
    let ended = false;
    const untilEnd = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return received;
        received += value;
      }
    })().finally(() => {
      ended = true;
    });
    await Promise.resolve();
    expect(ended, "the stream ended before shutdown began").toBe(false);

    await failAfter(10_000, own.close(), "close() did not finish: an open stream kept the server from draining");
    const body = await failAfter(5_000, untilEnd, "the stream was still open after close() resolved");
    const events = parseEvents(body);
    // tRPC's `connected`, the one beat, then `return`: tRPC's end of a finished subscription, so
    // the heartbeat stopped on the shutdown signal and the server ended the stream on purpose.
    expect(
      events.map((event) => event.event ?? `id ${event.id}`),
      `events of ${JSON.stringify(body)}`,
    ).toEqual(["connected", "id 1", "return"]);
    expect(JSON.parse(events[1]!.data!)).toMatchObject({ sequence: 1 });
    await expect(fetch(`${ownBase}/healthz`)).rejects.toThrow();
  });
});

/** Splits an SSE body into its events (fields id, data, event). */
function parseEvents(body: string) {
  return body
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event: { id?: string; data?: string; event?: string } = {};
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(":");
        if (field === "id" || field === "data" || field === "event") event[field] = rest.join(":").trimStart();
      }
      return event;
    });
}

/** Rejects with `message` if `promise` has not settled within `ms`: a failure bound, not a wait. */
async function failAfter<T>(ms: number, promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (${ms} ms)`)), ms);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}
