/** A real SSE connection to a tRPC subscription over HTTP, read message by message (tests only). */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

/** Upper bound for one wait; every wait ends as soon as its message arrives. */
const WAIT_MS = 15_000;

export class SseStream {
  private buffer = "";
  private readonly queued: SseMessage[] = [];
  private ended = false;

  private constructor(
    readonly status: number,
    private readonly reader: ReadableStreamDefaultReader<string> | null,
  ) {}

  static async open(url: string, headers: Record<string, string>) {
    const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers } });
    const isStream = response.headers.get("content-type")?.includes("text/event-stream") ?? false;
    const reader = isStream ? response.body!.pipeThrough(new TextDecoderStream()).getReader() : null;
    return new SseStream(response.status, reader);
  }

  /** The next data or error message (pings and the connect message skipped); null once the stream ended. */
  async next(): Promise<SseMessage | null> {
    for (;;) {
      const message = this.queued.shift();
      if (message) {
        if (message.event === "ping" || message.event === "connected") continue;
        return message;
      }
      if (this.ended || !this.reader) return null;
      const read = this.reader.read();
      const timeout = new Promise<never>((_, reject) => {
        const timer = setTimeout(() => reject(new Error(`no SSE message within ${WAIT_MS} ms`)), WAIT_MS);
        void read.finally(() => clearTimeout(timer));
      });
      const { value, done } = await Promise.race([read, timeout]);
      if (done) {
        this.ended = true;
        continue;
      }
      this.buffer += value;
      let boundary: number;
      while ((boundary = this.buffer.indexOf("\n\n")) >= 0) {
        const block = this.buffer.slice(0, boundary);
        this.buffer = this.buffer.slice(boundary + 2);
        const parsed: SseMessage = {};
        for (const line of block.split("\n")) {
          const [field, ...rest] = line.split(":");
          if (field === "id" || field === "data" || field === "event") parsed[field] = rest.join(":").trimStart();
        }
        if (parsed.data !== undefined || parsed.event) this.queued.push(parsed);
      }
    }
  }

  /** The next data item, parsed; fails on an error message or the end of the stream. */
  async nextData<T>(): Promise<T> {
    const message = await this.next();
    if (!message || message.event) throw new Error(`expected a data item, got ${JSON.stringify(message)}`);
    return JSON.parse(message.data!) as T;
  }

  async close() {
    await this.reader?.cancel().catch(() => undefined);
  }
}
