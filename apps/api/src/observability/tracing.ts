import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

/**
 * Traces: HTTP request → tRPC procedure → database transaction → queries, made with
 * `@opentelemetry/api` at our own seams (http/observability hooks, the procedure middleware,
 * packages/db's instrumentation). No require-hook auto-instrumentation: the production build
 * bundles fastify and pg, and a require hook never sees bundled code.
 *
 * Off (no OTEL_EXPORTER_OTLP_ENDPOINT): the SDK (tracing-sdk.ts) is never loaded, the API's
 * tracer is the no-op one, and every seam checks `tracingEnabled()` (one boolean) first.
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

/** Set by the SDK's start and shutdown (tracing-sdk.ts). */
export function setTracingEnabled(value: boolean) {
  enabled = value;
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
