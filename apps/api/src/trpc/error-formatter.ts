import { TRPCError, type TRPCDefaultErrorShape } from "@trpc/server";
import type { ApiErrorCode } from "@agency/validators";
import { AppError, ERROR_CODES, apiCodeFromTrpc } from "../errors/app-error";
import { INTERNAL_MESSAGE, isZodLikeError, validationDetails } from "../errors/error-envelope";

/** What our error formatter puts in `error.data` of every tRPC error. */
export interface ApiErrorData {
  code: ApiErrorCode;
  httpStatus: number;
  requestId: string;
  path?: string;
  details?: Record<string, unknown>;
}

/** The API error code a tRPC error answers with (the envelope's `data.code`; metrics label errors by it). */
export function apiErrorCode(error: TRPCError): ApiErrorCode {
  if (error.cause instanceof AppError) return error.cause.code;
  if (isZodLikeError(error.cause)) return "VALIDATION_ERROR";
  return apiCodeFromTrpc(error.code);
}

/** The domain code, message and client-safe details of a tRPC error (the same for tRPC and REST). */
export function domainError(error: TRPCError): {
  code: ApiErrorCode;
  status: number;
  message: string;
  details?: Record<string, unknown>;
} {
  const code = apiErrorCode(error);
  let message = error.message;
  let details: Record<string, unknown> | undefined;

  if (error.cause instanceof AppError) {
    message = error.cause.message;
    details = error.cause.details;
  } else if (isZodLikeError(error.cause)) {
    message = "Invalid input";
    details = validationDetails(error.cause);
  }
  const status = ERROR_CODES[code].status;
  if (status >= 500) {
    message = INTERNAL_MESSAGE;
    details = undefined;
  }
  return { code, status, message, ...(details ? { details } : {}) };
}

/**
 * tRPC's wire format needs a numeric JSON-RPC `code` and the `data` object, so
 * on /trpc the envelope is `{ error: { code: <jsonrpc>, message, requestId,
 * details?, data: { code: "VALIDATION_ERROR", httpStatus, requestId, … } } }`:
 * the same message/details/requestId as the REST envelope, the domain code in
 * `data.code`. Internals (stack, SQL, cause) never leave.
 */
export function formatTrpcError(opts: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  path?: string;
  requestId: string;
}) {
  const { shape, path, requestId } = opts;
  const { code, status: httpStatus, message, details } = domainError(opts.error);
  return {
    code: shape.code,
    message,
    requestId,
    ...(details ? { details } : {}),
    data: {
      code,
      httpStatus,
      requestId,
      ...(path ? { path } : {}),
      ...(details ? { details } : {}),
    } satisfies ApiErrorData,
  };
}

/** An AppError as the TRPCError that carries it to the formatter. */
export function toTrpcError(error: AppError): TRPCError {
  return new TRPCError({ code: ERROR_CODES[error.code].trpc, message: error.message, cause: error });
}
