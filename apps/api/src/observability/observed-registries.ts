import { AppError } from "../errors/app-error";
import type { RateLimiterRegistry } from "../rate-limit/limiter-registry";
import type { StreamRegistry } from "../realtime/stream-registry";
import type { ApiMetrics } from "./metrics";

/** The limiter registry, counting every refusal by limit name. */
export function countRateLimitRefusals(limiters: RateLimiterRegistry, metrics: ApiMetrics): RateLimiterRegistry {
  return {
    ...limiters,
    async consume(name, key, points) {
      const decision = await limiters.consume(name, key, points);
      if (!decision.allowed) metrics.rateLimitRefusals.inc({ limit: name });
      return decision;
    },
  };
}

/** The stream registry, keeping the open-streams gauge (and counting refused streams as a limit). */
export function countStreams(streams: StreamRegistry, metrics: ApiMetrics): StreamRegistry {
  return {
    ...streams,
    async open(owner) {
      const lease = await streams.open(owner).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "RATE_LIMITED")
          metrics.rateLimitRefusals.inc({ limit: "streams" });
        throw error;
      });
      metrics.sseConnections.inc();
      let released = false;
      return {
        release() {
          if (!released) {
            released = true;
            metrics.sseConnections.dec();
          }
          lease.release();
        },
      };
    },
  };
}
