import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { bearerTokenCheck } from "../http/bearer-token";
import type { ApiMetrics } from "./metrics";

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

/**
 * A second listener that serves only `GET /metrics`, bound to 127.0.0.1 (METRICS_PORT): a
 * Prometheus or agent on the same host scrapes it, nothing outside can reach it. With
 * METRICS_TOKEN also set, it wants the bearer token too. The job worker, which has no HTTP
 * server of its own, exposes its series the same way.
 */
export async function startMetricsListener(options: {
  metrics: ApiMetrics;
  port: number;
  token?: string;
  host?: string;
}): Promise<MetricsListener> {
  const authorized = options.token ? bearerTokenCheck(options.token) : () => true;
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "GET" || path !== "/metrics" || !authorized(request.headers.authorization)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    options.metrics.registry.metrics().then(
      (body) => response.writeHead(200, { "content-type": options.metrics.registry.contentType }).end(body),
      () => response.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
