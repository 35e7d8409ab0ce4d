import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { setTracingEnabled } from "./tracing";

/**
 * The OpenTelemetry SDK, loaded (by observability.ts, with a dynamic import) only when spans
 * have somewhere to go: a process without OTEL_EXPORTER_OTLP_ENDPOINT never evaluates it.
 */
export interface TracingOptions {
  serviceName: string;
  serviceVersion: string;
  /** OTLP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); traces go to `<endpoint>/v1/traces` as http/protobuf. */
  endpoint?: string;
  /** Tests: a processor over an in-memory exporter instead of OTLP. */
  spanProcessor?: SpanProcessor;
}

export interface Tracing {
  /** Exports what is buffered, then unregisters the global provider (the process may start another). */
  shutdown(): Promise<void>;
}

/** Starts the SDK for this process when there is somewhere to send spans; otherwise returns null and costs nothing. */
export function startTracing(options: TracingOptions): Tracing | null {
  const processor =
    options.spanProcessor ??
    (options.endpoint
      ? new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, "")}/v1/traces` }),
        })
      : null);
  if (!processor) return null;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
    }),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setTracingEnabled(true);
  return {
    async shutdown() {
      setTracingEnabled(false);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
