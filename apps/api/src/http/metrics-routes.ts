import type { ApiEnv } from "@agency/validators";
import type { FastifyInstance } from "fastify";
import type { ApiMetrics } from "../observability/metrics";
import { bearerTokenCheck } from "./bearer-token";
import { handleNotFound } from "./error-handler";

/**
 * `GET /metrics` (Prometheus text format) on the API's own port, only with `Authorization: Bearer
 * <METRICS_TOKEN>`. Without METRICS_TOKEN, or without the right token, it is a 404 like any
 * unknown route. (METRICS_PORT serves the same series on a loopback-only listener instead:
 * observability/metrics-listener.ts.)
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: ApiMetrics | null,
  config: Pick<ApiEnv, "METRICS_TOKEN">,
) {
  if (!config.METRICS_TOKEN || !metrics) return;
  const hasMetricsToken = bearerTokenCheck(config.METRICS_TOKEN);
  app.get("/metrics", async (request, reply) => {
    if (!hasMetricsToken(request.headers.authorization)) return handleNotFound(request, reply);
    const body = await metrics.registry.metrics();
    return reply.header("content-type", metrics.registry.contentType).header("cache-control", "no-store").send(body);
  });
}
