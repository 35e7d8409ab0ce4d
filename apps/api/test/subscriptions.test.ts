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
    const response = await fetch(`${ownBase}/trpc/system.heartbeat`);
    const reader = response.body!.getReader();
    await reader.read();
    await own.close();
    let done = false;
    while (!done) ({ done } = await reader.read());
    expect(done).toBe(true);
    await expect(fetch(`${ownBase}/healthz`)).rejects.toThrow();
  });
});
