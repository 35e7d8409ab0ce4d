import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { ApiErrorCode } from "@agency/validators";

/** The one table mapping each domain error code to its HTTP status and tRPC code. */
export const ERROR_CODES: Record<ApiErrorCode, { status: number; trpc: TRPC_ERROR_CODE_KEY }> = {
  VALIDATION_ERROR: { status: 400, trpc: "BAD_REQUEST" },
  BAD_REQUEST: { status: 400, trpc: "BAD_REQUEST" },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  METHOD_NOT_ALLOWED: { status: 405, trpc: "METHOD_NOT_SUPPORTED" },
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  /** REST: the `If-Match` version is not the record's current one (the record is in `details.current`). */
  PRECONDITION_FAILED: { status: 412, trpc: "PRECONDITION_FAILED" },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, trpc: "UNSUPPORTED_MEDIA_TYPE" },
  UNPROCESSABLE: { status: 422, trpc: "UNPROCESSABLE_CONTENT" },
  /** REST: a version-guarded write sent neither `If-Match` nor `expectedVersion`. */
  PRECONDITION_REQUIRED: { status: 428, trpc: "PRECONDITION_REQUIRED" },
  RATE_LIMITED: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  INTERNAL_ERROR: { status: 500, trpc: "INTERNAL_SERVER_ERROR" },
  SERVICE_UNAVAILABLE: { status: 503, trpc: "SERVICE_UNAVAILABLE" },
};

/**
 * tRPC code → our code, for errors raised by tRPC itself (parse errors, unknown procedures,
 * unsupported content types, …). Total, so a client error tRPC adds a code for can never
 * fall through to a 500: every 4xx code maps to a 4xx code of ours.
 */
const FROM_TRPC: Record<TRPC_ERROR_CODE_KEY, ApiErrorCode> = {
  PARSE_ERROR: "BAD_REQUEST",
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  PAYMENT_REQUIRED: "FORBIDDEN",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_SUPPORTED: "METHOD_NOT_ALLOWED",
  // 408: the client was too slow to send its request.
  TIMEOUT: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  UNPROCESSABLE_CONTENT: "UNPROCESSABLE",
  PRECONDITION_REQUIRED: "PRECONDITION_REQUIRED",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  // 499: the client went away (an aborted request); nothing of ours failed.
  CLIENT_CLOSED_REQUEST: "BAD_REQUEST",
  INTERNAL_SERVER_ERROR: "INTERNAL_ERROR",
  NOT_IMPLEMENTED: "INTERNAL_ERROR",
  BAD_GATEWAY: "INTERNAL_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  GATEWAY_TIMEOUT: "SERVICE_UNAVAILABLE",
};

export function apiCodeFromTrpc(code: TRPC_ERROR_CODE_KEY): ApiErrorCode {
  return FROM_TRPC[code] ?? "INTERNAL_ERROR";
}

/**
 * The domain error. Services throw it; the tRPC error formatter and the HTTP
 * error handler turn it into the one error envelope.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}
