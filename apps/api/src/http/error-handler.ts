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
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE",
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
