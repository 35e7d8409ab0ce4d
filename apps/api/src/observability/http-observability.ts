import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type Span } from "@opentelemetry/api";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../errors/app-error";
import { errorCodeForStatus } from "../http/error-handler";
import type { Observability } from "./observability";
import { failSpan, tracer } from "./tracing";

/** Requests that matched no route share one label: raw URLs would make the series unbounded. */
export const UNMATCHED_ROUTE = "unmatched";
/** The tRPC plugin's route (server.ts mounts it under /trpc). */
const TRPC_ROUTE = "/trpc/:path";

const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? UNMATCHED_ROUTE;

const headerGetter = {
  keys: (carrier: FastifyRequest["headers"]) => Object.keys(carrier),
  get: (carrier: FastifyRequest["headers"], key: string) => carrier[key],
};

/**
 * The HTTP edge of traces, metrics and error reports. Registered after the request-id hook, so
 * everything the request runs (procedures, transactions, log lines) happens inside its span.
 * Nothing is registered when nothing observes.
 *
 * The span carries the method, the route pattern, the status and the request id: never the URL
 * (tRPC GETs carry their input in the query string), headers or body.
 */
export function registerHttpObservability(app: FastifyInstance, observability: Observability | undefined) {
  if (!observability?.active) return;
  const { metrics, errors } = observability;

  if (observability.tracing) {
    const spans = new WeakMap<FastifyRequest, Span>();
    const endSpan = (request: FastifyRequest, statusCode?: number) => {
      const span = spans.get(request);
      if (!span) return;
      spans.delete(request);
      if (statusCode === undefined) failSpan(span, "aborted");
      else {
        span.setAttribute("http.response.status_code", statusCode);
        if (statusCode >= 500) failSpan(span, String(statusCode));
      }
      span.end();
    };
    app.addHook("onRequest", (request, _reply, done) => {
      // A caller's W3C traceparent (the web server's) makes this request a child of its trace.
      const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
      const route = routeOf(request);
      const span = tracer.startSpan(
        `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: { "http.request.method": request.method, "http.route": route, "agency.request_id": request.id },
        },
        parent,
      );
      spans.set(request, span);
      context.with(trace.setSpan(parent, span), done);
    });
    app.addHook("onResponse", (request, reply, done) => {
      endSpan(request, reply.statusCode);
      done();
    });
    app.addHook("onRequestAbort", (request, done) => {
      endSpan(request);
      done();
    });
  }

  if (metrics) {
    // tRPC counts the errors of the calls it handled (server.ts, onError); the rest are counted
    // here: refusals at the edge, plain routes, unmatched paths, answers while draining.
    const handledByTrpc = new WeakSet<FastifyRequest>();
    const thrownCode = new WeakMap<FastifyRequest, string>();
    app.addHook("preHandler", (request, _reply, done) => {
      if (routeOf(request) === TRPC_ROUTE) handledByTrpc.add(request);
      done();
    });
    app.addHook("onError", (request, _reply, error: FastifyError | Error, done) => {
      if (error instanceof AppError) thrownCode.set(request, error.code);
      done();
    });
    app.addHook("onResponse", (request, reply, done) => {
      const status = reply.statusCode;
      metrics.httpRequestDuration.observe(
        { route: routeOf(request), method: request.method, status: String(status) },
        reply.elapsedTime / 1000,
      );
      if (status >= 400 && !handledByTrpc.has(request)) {
        metrics.errors.inc({ code: thrownCode.get(request) ?? errorCodeForStatus(status) });
      }
      done();
    });
  }

  // Plain routes' 5xx (a procedure's are reported by the procedure observer).
  if (errors) {
    app.addHook("onError", (request, _reply, error: FastifyError | Error, done) => {
      const status = error instanceof AppError ? error.status : "statusCode" in error ? (error.statusCode ?? 500) : 500;
      if (status >= 500) errors.report(error, { requestId: request.id, procedure: routeOf(request) });
      done();
    });
  }
}
