import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Reply = (response: http.ServerResponse) => void;

/**
 * A local HTTP receiver for outbound webhooks and Slack: records every request, and answers each
 * with the next scripted reply (200 "ok" when the script is empty). `hang()` replies never
 * answer (timeouts).
 */
export async function startReceiver() {
  const received: ReceivedRequest[] = [];
  const script: Reply[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) headers[name] = String(value);
      received.push({ path: request.url ?? "/", headers, body: Buffer.concat(chunks).toString("utf8") });
      const reply = script.shift() ?? ((r: http.ServerResponse) => r.end("ok"));
      reply(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    /** Queue replies for the next requests. */
    reply(...replies: Reply[]) {
      script.push(...replies);
    },
    status: (code: number, body = "", headers: Record<string, string> = {}): Reply => (r) => {
      r.writeHead(code, headers);
      r.end(body);
    },
    hang: (): Reply => () => undefined,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
