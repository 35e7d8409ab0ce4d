import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";

/**
 * Traces: HTTP request → tRPC procedure → database transaction → queries, made with
 * `@opentelemetry/api` at our own seams (http/observability hooks, the procedure middleware,
 * packages/db's instrumentation). No require-hook auto-instrumentation: the production build
 * bundles fastify and pg, and a require hook never sees bundled code.
 *
 * Off (no OTEL_EXPORTER_OTLP_ENDPOINT): no SDK is started, the API's tracer is the no-op one,
 * and every seam checks `tracingEnabled()` (one boolean) before doing anything.
 *
 * Attributes carry ids only (request, organization, procedure, route); never a person's data,
 * a query's parameters, a URL's query string or a header.
 */
export const tracer = trace.getTracer("@agency/api");

let enabled = false;

/** True while this process exports spans. */
export function tracingEnabled(): boolean {
  return enabled;
}

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
  enabled = true;
  return {
    async shutdown() {
      enabled = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** The current span's ids for a log line; nothing when tracing is off. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  if (!enabled) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** Marks a span failed with the error's type or domain code only (messages can quote input). */
export function failSpan(span: Span, reason: string) {
  span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
}

/** Runs `fn` as the active span `name` (a no-op pass-through when tracing is off). */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span | undefined) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!enabled) return fn(undefined);
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failSpan(span, error instanceof Error ? error.name : "error");
      throw error;
    } finally {
      span.end();
    }
  });
}

/** What a job run's span carries: ids only. */
export interface JobSpanAttributes {
  queue: string;
  jobId?: string;
  orgId?: string;
  /** The request that enqueued the job, so its logs and trace join up. */
  requestId?: string;
  attempt?: number;
}

/**
 * For the job worker: runs one job as a `job <name>` span (a root span, or a child of the
 * active one), with queue, job id, org id, the enqueuing request's id and the attempt as
 * attributes. Database work inside gets its transaction and query spans beneath it. A thrown
 * error marks the span failed and is rethrown.
 */
export function withJobSpan<T>(name: string, attributes: JobSpanAttributes, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const attrs: Attributes = { "messaging.system": "pg-boss", "messaging.destination.name": attributes.queue };
  if (attributes.jobId) attrs["messaging.message.id"] = attributes.jobId;
  if (attributes.orgId) attrs["agency.org_id"] = attributes.orgId;
  if (attributes.requestId) attrs["agency.request_id"] = attributes.requestId;
  if (attributes.attempt !== undefined) attrs["agency.job.attempt"] = attributes.attempt;
  return withSpan(`job ${name}`, attrs, () => fn(), SpanKind.CONSUMER);
}
