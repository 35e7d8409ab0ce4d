import { AsyncLocalStorage } from "node:async_hooks";
import { SpanKind, trace, type Span } from "@opentelemetry/api";
import type { TRPCError } from "@trpc/server";
import { ERROR_CODES } from "../errors/app-error";
import { apiErrorCode } from "../trpc/error-formatter";
import type { Observability } from "./observability";
import { failSpan, tracer } from "./tracing";

/** What a procedure learns about itself while it runs (the organization, once the boundary knows it). */
interface ProcedureNote {
  orgId?: string;
}

const notes = new AsyncLocalStorage<ProcedureNote>();

/**
 * Called by the org boundary with the organization a call targets: it goes on the procedure's
 * span and into its error report. Free when nothing observes.
 */
export function noteOrganization(orgId: string) {
  const note = notes.getStore();
  if (!note) return;
  note.orgId = orgId;
  trace.getActiveSpan()?.setAttribute("agency.org_id", orgId);
}

type MiddlewareResult = { ok: true } | { ok: false; error: TRPCError };

/**
 * One procedure call, observed: a `trpc <path>` span (child of the HTTP request's), its latency
 * by procedure, type and result code, and a 5xx reported to the error service with request id,
 * organization and procedure. (Errors by code are counted where tRPC reports every error it
 * answers, including calls that never reach a procedure: server.ts, onError.)
 */
export async function observeProcedure<R extends MiddlewareResult>(
  observability: Observability,
  call: { path: string; type: string; requestId: string },
  next: () => Promise<R>,
): Promise<R> {
  const note: ProcedureNote = {};
  const started = performance.now();
  const run = () => notes.run(note, next);
  let span: Span | undefined;
  const result = observability.tracing
    ? await tracer.startActiveSpan(
        `trpc ${call.path}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: {
            "rpc.system": "trpc",
            "rpc.method": call.path,
            "agency.procedure.type": call.type,
            "agency.request_id": call.requestId,
          },
        },
        (active) => {
          span = active;
          return run();
        },
      )
    : await run();
  const errorCode = result.ok ? undefined : apiErrorCode(result.error);
  const code = errorCode ?? "OK";
  observability.metrics?.procedureDuration.observe(
    { procedure: call.path, type: call.type, code },
    (performance.now() - started) / 1000,
  );
  if (!result.ok && errorCode) {
    if (ERROR_CODES[errorCode].status >= 500) {
      observability.errors?.report(result.error.cause ?? result.error, {
        requestId: call.requestId,
        orgId: note.orgId,
        procedure: call.path,
      });
    }
  }
  if (span) {
    span.setAttribute("agency.result_code", code);
    if (!result.ok) failSpan(span, code);
    span.end();
  }
  return result;
}
