import * as Sentry from "@sentry/node";
import { activeTraceIds } from "./tracing";

/** What an error report says about where it happened: ids only. */
export interface ErrorReportContext {
  requestId?: string;
  orgId?: string;
  /** tRPC procedure path, or the route pattern of a plain route. */
  procedure?: string;
}

export interface ErrorReporter {
  /** Reports a 5xx or a crash; never throws. */
  report(error: unknown, where: ErrorReportContext): void;
  /** Sends what is queued (bounded), then stops reporting. */
  close(): Promise<void>;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// A driver message can quote values ("Key (email)=(…)", "… = 'abc'"): keep the shape, drop the value.
const QUOTED = /'[^']*'|=\([^)]*\)/g;

/** Scrubs free text that leaves the process: no addresses, no quoted values. */
export function scrubText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(QUOTED, (m) => (m.startsWith("=") ? "=([redacted])" : "'[redacted]'"));
}

const KEPT_TAGS = new Set(["request_id", "org_id", "procedure", "trace_id", "span_id"]);

/**
 * The last word on what leaves for the error service: no request (cookies, headers, body,
 * query string), no user, no breadcrumbs, no extra data, only our id tags, and exception
 * messages scrubbed of addresses and quoted values.
 */
export function scrubEvent<E extends Sentry.ErrorEvent>(event: E): E {
  delete event.request;
  delete event.user;
  delete event.breadcrumbs;
  delete event.extra;
  if (event.tags) {
    event.tags = Object.fromEntries(Object.entries(event.tags).filter(([key]) => KEPT_TAGS.has(key)));
  }
  if (event.message) event.message = scrubText(event.message);
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = scrubText(exception.value);
    for (const frame of exception.stacktrace?.frames ?? []) delete frame.vars;
  }
  return event;
}

export interface ErrorReportingOptions {
  dsn: string;
  environment: string;
  release: string;
}

/**
 * Sentry (or any Sentry-compatible ingest) for 5xx answers and crashes, when SENTRY_DSN is set.
 *
 * Minimal init, beside our own OpenTelemetry setup rather than inside it: Sentry does not
 * register its tracer provider (`enableOpenTelemetrySetup` stays false, so ours is the only
 * one), does no tracing of its own, injects no module hooks (the production build is bundled),
 * and runs only the integrations that report crashes and unhandled rejections. Events are
 * joined to traces by the trace_id tag. Without a DSN nothing is imported into use and
 * nothing runs.
 */
export function startErrorReporting(options: ErrorReportingOptions): ErrorReporter {
  Sentry.initWithoutDefaultIntegrations({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    enableOpenTelemetrySetup: false,
    enableRuntimeChannelInjection: false,
    // Collect nothing about people or requests; beforeSend scrubs whatever slips through anyway.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      databaseQueryData: false,
    },
    maxBreadcrumbs: 0,
    integrations: [
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration(),
      Sentry.linkedErrorsIntegration(),
    ],
    beforeSend: (event) => scrubEvent(event),
  });
  return {
    report(error, where) {
      const tags: Record<string, string> = {};
      if (where.requestId) tags.request_id = where.requestId;
      if (where.orgId) tags.org_id = where.orgId;
      if (where.procedure) tags.procedure = where.procedure;
      const ids = activeTraceIds();
      if (ids) {
        tags.trace_id = ids.traceId;
        tags.span_id = ids.spanId;
      }
      try {
        // With tracing on, the event joins our trace (the tags and Sentry's own trace context).
        Sentry.captureException(error, {
          tags,
          ...(ids ? { contexts: { trace: { trace_id: ids.traceId, span_id: ids.spanId } } } : {}),
        });
      } catch {
        // Reporting must never turn into a second failure.
      }
    },
    async close() {
      await Sentry.close(2_000);
    },
  };
}
