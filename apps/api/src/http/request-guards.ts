import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isTrpcRequest } from "../errors/error-envelope";
import { IDEMPOTENCY_KEY_HEADER } from "../trpc/idempotency";
import { sendError } from "./error-handler";

/** What tRPC's HTTP transport uses: queries and subscriptions GET (HEAD for probes), mutations POST. */
const TRPC_METHODS = new Set(["GET", "HEAD", "POST"]);
export const ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS";

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(header: string | undefined): string | null {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type ? type : null;
}

/** A /trpc request carrying several calls (`a,b?batch=1`): one request header cannot key each of them. */
function isMultiCallBatch(url: string): boolean {
  const query = url.indexOf("?");
  if (query < 0 || new URLSearchParams(url.slice(query + 1)).get("batch") !== "1") return false;
  const paths = url.slice(0, query);
  return paths.includes(",") || paths.toLowerCase().includes("%2c");
}

/** Whether a request carries a body (a length above zero, or chunked). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}

/** A REST body must be JSON: 415 before it is read, like on /trpc. Bodiless POSTs (restore, resend) pass. */
function guardRestBody(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === "GET" || request.method === "HEAD") return;
  if (!hasBody(request) && !request.headers["content-type"]) return;
  const type = mediaType(request.headers["content-type"]);
  if (type === "application/json") {
    // A bodiless POST that still says JSON (restore, resend from a generic client): no body,
    // rather than Fastify's "body cannot be empty" 400.
    if (request.headers["content-length"] === "0") delete request.headers["content-type"];
    return;
  }
  const message = type
    ? `Unsupported content type "${type.slice(0, 100)}": send application/json.`
    : "Missing content-type: send application/json.";
  return sendError(request, reply, 415, "UNSUPPORTED_MEDIA_TYPE", message);
}

/**
 * Answers, in the error envelope, requests the pipeline further on would otherwise turn into a
 * 500 or a non-envelope reply — before any body is read:
 *
 * - **OPTIONS** that is not a preflight from an allowlisted origin. A preflight from a foreign
 *   origin gets 403 and no CORS headers (the browser then blocks the call); an OPTIONS without
 *   Origin / Access-Control-Request-Method is no preflight at all: 204 with `Allow`. Left alone,
 *   the first reached the tRPC route (which refused it with a 500: "missing content-type") and
 *   the second got @fastify/cors' plain-text 400. Allowlisted preflights go on to @fastify/cors.
 * - **Another method on /trpc** than GET/HEAD/POST: 405 with `Allow`.
 * - **POST /trpc without `application/json`** (text/plain, form data, none): 415
 *   UNSUPPORTED_MEDIA_TYPE in tRPC's shape. tRPC itself would raise UNSUPPORTED_MEDIA_TYPE
 *   before it builds a context, so without a request id. (tRPC also accepts multipart/form-data
 *   and octet-stream for procedures declaring FormData or binary input; none does. Allow the
 *   type here when one is added.)
 * - **A batch of several calls with an `Idempotency-Key`**: 400. The key would apply to every
 *   call of the batch, and each but one would then be refused (trpc/idempotency.ts).
 *
 * - **A body on /api/v1 that is not `application/json`**: 415 in the plain envelope.
 *
 * Register after helmet (so these replies carry the security headers) and before CORS.
 */
export function registerRequestGuards(app: FastifyInstance, options: { allowedOrigins: readonly string[] }) {
  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === "OPTIONS") {
      const origin = request.headers.origin;
      const isPreflight = Boolean(origin && request.headers["access-control-request-method"]);
      if (isPreflight && options.allowedOrigins.includes(origin!)) return;
      if (origin && !options.allowedOrigins.includes(origin)) {
        return sendError(request, reply, 403, "FORBIDDEN", "This origin may not call the API.");
      }
      return reply.status(204).header("allow", ALLOWED_METHODS).send();
    }
    if (request.url.startsWith("/api/v1/")) return guardRestBody(request, reply);
    if (!isTrpcRequest(request.url)) return;
    if (!TRPC_METHODS.has(request.method)) {
      reply.header("allow", "GET, HEAD, POST");
      return sendError(request, reply, 405, "METHOD_NOT_ALLOWED", `${request.method} is not supported on /trpc.`);
    }
    if (request.method === "POST") {
      const type = mediaType(request.headers["content-type"]);
      if (type !== "application/json") {
        const message = type
          ? `Unsupported content type "${type.slice(0, 100)}": send application/json.`
          : "Missing content-type: send application/json.";
        return sendError(request, reply, 415, "UNSUPPORTED_MEDIA_TYPE", message);
      }
      if (request.headers[IDEMPOTENCY_KEY_HEADER] !== undefined && isMultiCallBatch(request.url)) {
        const message = "An Idempotency-Key belongs to one call: send keyed mutations unbatched.";
        return sendError(request, reply, 400, "BAD_REQUEST", message);
      }
    }
  });
}
