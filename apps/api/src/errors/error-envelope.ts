import type { ApiErrorBody, ApiErrorCode } from "@agency/validators";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { ERROR_CODES, type AppError } from "./app-error";

/** Message used for every 5xx: internals never reach a client. */
export const INTERNAL_MESSAGE = "Something went wrong on our side. Quote the request id if you contact support.";

interface ZodLikeError {
  issues: { path: PropertyKey[]; message: string; code: string }[];
}

export function isZodLikeError(error: unknown): error is ZodLikeError {
  return (
    error instanceof Error &&
    (error.name === "ZodError" || error.name === "$ZodError") &&
    Array.isArray((error as Partial<ZodLikeError>).issues)
  );
}

/** zod issues as client-safe details: path, message and code only. */
export function validationDetails(error: ZodLikeError): Record<string, unknown> {
  return {
    issues: error.issues.map((issue) => ({
      path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      message: issue.message,
      code: issue.code,
    })),
  };
}

export function errorBody(
  code: ApiErrorCode,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
): ApiErrorBody {
  const status = ERROR_CODES[code].status;
  return {
    error: {
      code,
      message: status >= 500 && code === "INTERNAL_ERROR" ? INTERNAL_MESSAGE : message,
      ...(details ? { details } : {}),
      requestId,
    },
  };
}

export function appErrorBody(error: AppError, requestId: string): ApiErrorBody {
  return errorBody(error.code, error.message, requestId, error.details);
}

/**
 * The same envelope in tRPC's wire shape, for errors answered before tRPC runs on /trpc (body
 * too large, unsupported content type, a foreign preflight, a rate limit or batch cap at the
 * edge — then per call, with its `path`): tRPC clients read `error.code` (the JSON-RPC number),
 * `error.message` and `error.data` — exactly what the tRPC error formatter
 * (trpc/error-formatter.ts) produces for errors raised inside tRPC. Plain values, no Error:
 * a refused call must not pay for a stack trace.
 */
export function trpcErrorBody(
  code: ApiErrorCode,
  message: string,
  requestId: string,
  options: { details?: Record<string, unknown>; httpStatus?: number; path?: string } = {},
) {
  const { error } = errorBody(code, message, requestId, options.details);
  const httpStatus = options.httpStatus ?? ERROR_CODES[code].status;
  const { path } = options;
  return {
    error: {
      code: TRPC_ERROR_CODES_BY_KEY[ERROR_CODES[code].trpc],
      message: error.message,
      requestId,
      ...(error.details ? { details: error.details } : {}),
      data: {
        code,
        httpStatus,
        requestId,
        ...(path ? { path } : {}),
        ...(error.details ? { details: error.details } : {}),
      },
    },
  };
}

/** Whether a request is for the tRPC mount (answered in tRPC's error shape). */
export function isTrpcRequest(url: string): boolean {
  return url === "/trpc" || url.startsWith("/trpc/") || url.startsWith("/trpc?");
}
