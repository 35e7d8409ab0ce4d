import type { ApiErrorCode } from "@agency/validators";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors/app-error";
import { errorBody, isTrpcRequest, isZodLikeError, trpcErrorBody, validationDetails } from "../errors/error-envelope";

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE",
  428: "PRECONDITION_REQUIRED",
  429: "RATE_LIMITED",
};

/** The API error code an answer's status stands for, where nothing more precise is known (metrics). */
export function errorCodeForStatus(status: number): ApiErrorCode {
  if (status === 503) return "SERVICE_UNAVAILABLE";
  if (status >= 500) return "INTERNAL_ERROR";
  return CODE_BY_STATUS[status] ?? "BAD_REQUEST";
}

/**
 * Sends the one error envelope with `status`: in tRPC's wire shape on /trpc (so tRPC clients
 * can read it), the plain shape elsewhere.
 */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  details?: Record<string, unknown>,
) {
  const body = isTrpcRequest(request.url)
    ? trpcErrorBody(code, message, request.id, { details, httpStatus: status })
    : errorBody(code, message, request.id, details);
  return reply.status(status).send(body);
}

/** Every non-tRPC failure leaves as the one error envelope; only 5xx are logged as errors. */
export function handleHttpError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return sendError(request, reply, error.status, error.code, error.message, error.details);
  }
  if (isZodLikeError(error)) {
    return sendError(request, reply, 400, "VALIDATION_ERROR", "Invalid input", validationDetails(error));
  }
  const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx (body too large, bad JSON, unsupported media type, bad content length…):
    // their messages are safe and useful. A 4xx without a code of its own keeps its status.
    return sendError(request, reply, status, CODE_BY_STATUS[status] ?? "BAD_REQUEST", error.message);
  }
  request.log.error(
    { error: { type: error.name, code: (error as FastifyError).code, message: error.message } },
    "request failed",
  );
  return sendError(request, reply, 500, "INTERNAL_ERROR", "");
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendError(request, reply, 404, "NOT_FOUND", `No route for ${request.method} ${request.url.split("?")[0]}`);
}

/**
 * URLs Fastify's router refuses before any hook runs — a malformed percent-escape (400), a path
 * segment past `maxParamLength` (414): the envelope (tRPC's shape on /trpc) with the request id,
 * instead of Fastify's own JSON. (Like the 408/431 of client-errors.ts, the transport-level
 * status keeps the code BAD_REQUEST.)
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : 400;
  const message = status === 414 ? "A path segment is too long." : "The URL is malformed.";
  reply.header("x-request-id", request.id).header("x-content-type-options", "nosniff");
  return sendError(request, reply, status, "BAD_REQUEST", message);
}
