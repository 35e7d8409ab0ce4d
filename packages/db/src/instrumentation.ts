import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import type pg from "pg";

/**
 * What the application wants to know about the database's work. Given to `createDatabase` only
 * when tracing or metrics are on: without it no connection is wrapped and nothing is timed.
 *
 * Spans go through `@opentelemetry/api` at our own seams (the transaction, each pooled
 * connection's `query`) rather than a require-hook instrumentation of `pg`: the production build
 * bundles `pg`, and a require hook never sees a bundled module.
 */
export interface DatabaseInstrumentation {
  /** Spans for transactions and queries, made only under a recording span (an HTTP request, a job). */
  tracing: boolean;
  /** A transaction ended: how long it took (seconds, from asking for a connection to commit or rollback). */
  onTransaction?(kind: "tenant" | "maintenance", seconds: number, outcome: "commit" | "rollback"): void;
  /** One statement ended on a pooled connection. */
  onQuery?(seconds: number, outcome: "ok" | "error"): void;
}

const tracer = trace.getTracer("@agency/db");

/** Only under a span someone records: no orphan root spans from background connections. */
function recordingParent(instrumentation: DatabaseInstrumentation | undefined): boolean {
  return instrumentation?.tracing === true && trace.getActiveSpan()?.isRecording() === true;
}

function endSpan(span: Span | undefined, error?: unknown) {
  if (!span) return;
  if (error !== undefined) {
    // The error's type only: a driver message can quote values (a duplicate key's).
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
  }
  span.end();
}

/** Runs one transaction under a `db.transaction` span and reports its duration and outcome. */
export async function instrumentTransaction<T>(
  instrumentation: DatabaseInstrumentation | undefined,
  kind: "tenant" | "maintenance",
  run: () => Promise<T>,
): Promise<T> {
  if (!instrumentation) return run();
  const started = performance.now();
  const span = recordingParent(instrumentation)
    ? tracer.startSpan(`db.transaction ${kind}`, {
        kind: SpanKind.INTERNAL,
        attributes: { "db.system.name": "postgresql", "agency.db.transaction": kind },
      })
    : undefined;
  const finish = (outcome: "commit" | "rollback", error?: unknown) => {
    instrumentation.onTransaction?.(kind, (performance.now() - started) / 1000, outcome);
    endSpan(span, error);
  };
  try {
    const result = span ? await context.with(trace.setSpan(context.active(), span), run) : await run();
    finish("commit");
    return result;
  } catch (error) {
    finish("rollback", error);
    throw error;
  }
}

// A statement's text goes on its span only when it carries no literal string: our SQL is
// parameterized (values travel as $n), so the text names tables and columns, never a person.
const STRING_LITERAL = /'|\$[A-Za-z_]*\$/;
const MAX_QUERY_TEXT = 2_000;

function queryAttributes(text: string): Attributes {
  const operation = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? "UNKNOWN";
  const attributes: Attributes = { "db.system.name": "postgresql", "db.operation.name": operation };
  if (!STRING_LITERAL.test(text)) attributes["db.query.text"] = text.slice(0, MAX_QUERY_TEXT);
  return attributes;
}

const INSTRUMENTED = Symbol("agency.instrumented");
type QueryFn = (...args: unknown[]) => unknown;

/**
 * Wraps one pooled connection's `query` (once, when the pool opens it): the promise form every
 * caller here uses (Prisma's adapter, typed SQL, the entry statement) is timed and, under a
 * recording span, gets a child span. Callback and streaming forms pass through untouched.
 */
export function instrumentConnection(client: pg.PoolClient, instrumentation: DatabaseInstrumentation): void {
  const target = client as unknown as { query: QueryFn; [INSTRUMENTED]?: true };
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  const original = target.query.bind(client) as QueryFn;
  target.query = (...args: unknown[]) => {
    const [config, , callback] = args;
    const text = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
    const submittable = typeof (config as { submit?: unknown } | null)?.submit === "function";
    if (typeof text !== "string" || submittable || typeof callback === "function" || typeof args[1] === "function") {
      return original(...args);
    }
    const started = performance.now();
    let span: Span | undefined;
    if (recordingParent(instrumentation)) {
      const attributes = queryAttributes(text);
      span = tracer.startSpan(`db.query ${String(attributes["db.operation.name"])}`, {
        kind: SpanKind.CLIENT,
        attributes,
      });
    }
    const finish = (outcome: "ok" | "error", error?: unknown) => {
      instrumentation.onQuery?.((performance.now() - started) / 1000, outcome);
      endSpan(span, error);
    };
    return (original(...args) as Promise<unknown>).then(
      (result) => {
        finish("ok");
        return result;
      },
      (error: unknown) => {
        finish("error", error);
        throw error;
      },
    );
  };
}
