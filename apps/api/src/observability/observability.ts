import type { DatabaseInstrumentation } from "@agency/db";
import type { ApiEnv } from "@agency/validators";
import type { SpanProcessor } from "@opentelemetry/sdk-trace";
import type { ErrorReporter } from "./error-reporting";
import { createMetrics, type ApiMetrics } from "./metrics";

/**
 * What this process observes. Each part is null (or false) when its env is unset, and `active`
 * is false when all are: the request pipeline then checks that one boolean and does nothing else.
 */
export interface Observability {
  active: boolean;
  tracing: boolean;
  metrics: ApiMetrics | null;
  errors: ErrorReporter | null;
}

export type ObservabilityEnv = Pick<
  ApiEnv,
  | "OTEL_EXPORTER_OTLP_ENDPOINT"
  | "OTEL_SERVICE_NAME"
  | "METRICS_TOKEN"
  | "METRICS_PORT"
  | "SENTRY_DSN"
  | "SENTRY_ENVIRONMENT"
  | "NODE_ENV"
>;

export interface StartObservabilityOptions {
  env: ObservabilityEnv;
  version: string;
  /** Tests: spans go to this processor (an in-memory exporter) instead of OTLP. */
  spanProcessor?: SpanProcessor;
  /** Which process reports errors: its release reads `agency-<component>@<version>` (default api). */
  component?: "api" | "worker";
}

/**
 * Starts what the env asks for (traces, metrics, error reporting); `close` flushes and stops them.
 * The tracing SDK and Sentry are imported only when configured: off, they are never evaluated.
 */
export async function startObservability(options: StartObservabilityOptions) {
  const { env } = options;
  const tracing =
    env.OTEL_EXPORTER_OTLP_ENDPOINT || options.spanProcessor
      ? (await import("./tracing-sdk")).startTracing({
          serviceName: env.OTEL_SERVICE_NAME,
          serviceVersion: options.version,
          endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
          spanProcessor: options.spanProcessor,
        })
      : null;
  const metrics = env.METRICS_TOKEN || env.METRICS_PORT ? createMetrics() : null;
  const errors = env.SENTRY_DSN
    ? (await import("./error-reporting")).startErrorReporting({
        dsn: env.SENTRY_DSN,
        environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV,
        release: `agency-${options.component ?? "api"}@${options.version}`,
      })
    : null;
  const observability: Observability = {
    active: tracing !== null || metrics !== null || errors !== null,
    tracing: tracing !== null,
    metrics,
    errors,
  };
  /** For createDatabase: absent unless traces or metrics want the database's work. */
  const database: DatabaseInstrumentation | undefined =
    tracing || metrics
      ? {
          tracing: tracing !== null,
          onTransaction: metrics
            ? (kind, seconds, outcome) => metrics.dbTransactionDuration.observe({ kind, outcome }, seconds)
            : undefined,
          onQuery: metrics ? (seconds, outcome) => metrics.dbQueryDuration.observe({ outcome }, seconds) : undefined,
        }
      : undefined;
  return {
    observability,
    database,
    async close() {
      await tracing?.shutdown();
      await errors?.close();
    },
  };
}
