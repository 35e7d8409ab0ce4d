import type { ApiErrorBody, ApiErrorCode } from "@agency/validators";
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
