import type { ApiErrorCode } from "@agency/validators";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors/app-error";
import { appErrorBody, errorBody, isZodLikeError, validationDetails } from "../errors/error-envelope";

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "BAD_REQUEST",
  422: "UNPROCESSABLE",
  429: "RATE_LIMITED",
};

/** Every non-tRPC failure leaves as the one error envelope; only 5xx are logged as errors. */
export function handleHttpError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.status(error.status).send(appErrorBody(error, request.id));
  }
  if (isZodLikeError(error)) {
    return reply.status(400).send(errorBody("VALIDATION_ERROR", "Invalid input", request.id, validationDetails(error)));
  }
  const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
  const code = CODE_BY_STATUS[status];
  if (status < 500 && code) {
    // Fastify's own 4xx messages (body too large, bad JSON) are safe and useful.
    return reply.status(status).send(errorBody(code, error.message, request.id));
  }
  request.log.error({ error: { type: error.name, code: (error as FastifyError).code, message: error.message } }, "request failed");
  return reply.status(500).send(errorBody("INTERNAL_ERROR", "", request.id));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(404)
    .send(errorBody("NOT_FOUND", `No route for ${request.method} ${request.url.split("?")[0]}`, request.id));
}
