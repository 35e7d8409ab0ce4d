import type { AnyTRPCRouter } from "@trpc/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ApiErrorCode } from "@agency/validators";
import { ERROR_CODES } from "../errors/app-error";
import { errorBody, trpcErrorBody } from "../errors/error-envelope";
import { rateLimitHeaders, type RateLimitDecision } from "../rate-limit/limiter-registry";
import type { RateLimitName } from "../rate-limit/limits";
import { procedureLimits } from "../rate-limit/procedure-limits";
import { rateLimitKey } from "../rate-limit/rate-limit-key";
import type { ApiDeps } from "../trpc/context";
import { INVALID_API_KEY_MESSAGE } from "../trpc/caller";

/** Calls one batched tRPC request may carry; the web client batches at most this many. */
export const MAX_BATCH_SIZE = 20;

/** One form-encoded key or value, decoded as URLSearchParams decodes it (`+` is a space, `%xx` leniently). */
const formDecode = (raw: string) => (/[%+]/.test(raw) ? new URLSearchParams(`k=${raw}`).get("k")! : raw);

/**
 * `new URLSearchParams(query).get("batch") === "1"` — what tRPC reads — without decoding the whole
 * query: its other parameter, the input, can be long, and decoding it would cost every call (refused
 * ones included) more than the check. Keys and values are decoded the same way, so `%62atch=%31` is a
 * batch here as it is for tRPC, and the first `batch` wins as in `get`.
 */
function isBatch(query: string): boolean {
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    if (formDecode(eq < 0 ? part : part.slice(0, eq)) !== "batch") continue;
    return formDecode(eq < 0 ? "" : part.slice(eq + 1)) === "1";
  }
  return false;
}

/** The procedure paths of a /trpc request (comma-separated in a batch), or null for other routes. */
function trpcPaths(url: string): { paths: string[]; batch: boolean } | null {
  if (!url.startsWith("/trpc/")) return null;
  const query = url.indexOf("?");
  const pathPart = url.slice("/trpc/".length, query < 0 ? undefined : query);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  const batch = query >= 0 && isBatch(url.slice(query + 1));
  return { paths: batch ? decoded.split(",") : [decoded], batch };
}

/** Answered from memory, like /healthz: the REST API's spec and docs page. */
const UNCHARGED_REST = /^\/api\/v1\/(openapi\.json|docs(\/[\w.-]*)?)(\?|$)/;

/**
 * The procedure a REST request runs (its route names it), or "" (an unknown /api/v1 path or
 * method, charged like an unknown tRPC path), or null for requests that are not REST calls.
 */
function restCall(request: FastifyRequest): { paths: string[]; batch: false; rest: true } | null {
  if (!request.url.startsWith("/api/v1/") || UNCHARGED_REST.test(request.url)) return null;
  return { paths: [request.routeOptions.config?.restProcedure ?? ""], batch: false, rest: true };
}

/** A refusal in tRPC's wire shape, one body per call of a batch; in the plain envelope on REST. */
interface Refusal {
  code: ApiErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

function refuse(
  reply: FastifyReply,
  request: FastifyRequest,
  refusal: Refusal,
  paths: string[],
  batch: boolean,
  rest = false,
) {
  if (rest) {
    return reply
      .status(ERROR_CODES[refusal.code].status)
      .send(errorBody(refusal.code, refusal.message, request.id, refusal.details));
  }
  const bodies = paths.map((path) =>
    trpcErrorBody(refusal.code, refusal.message, request.id, {
      path,
      ...(refusal.details ? { details: refusal.details } : {}),
    }),
  );
  return reply.status(ERROR_CODES[refusal.code].status).send(batch ? bodies : bodies[0]);
}

/**
 * Rate limits first: every /trpc and /api/v1 request is charged before its body is parsed and before any
 * database work — one point per call of a batch, of each call's declared class, from the
 * budget of the API key (its public id), else of the session the web server vouched for, else of
 * the client's address. A refused
 * request costs about what /healthz costs. Batches larger than MAX_BATCH_SIZE are refused.
 */
export function registerTrpcRateLimit(app: FastifyInstance, deps: Pick<ApiDeps, "limiters">, router: AnyTRPCRouter) {
  const limitOf = procedureLimits(router);
  app.addHook("onRequest", async (request, reply) => {
    const call = trpcPaths(request.url) ?? restCall(request);
    if (!call) return;
    if (call.batch && call.paths.length > MAX_BATCH_SIZE) {
      const message = `A batch may hold at most ${MAX_BATCH_SIZE} calls; this one has ${call.paths.length}.`;
      return refuse(reply, request, { code: "BAD_REQUEST", message }, call.paths, false);
    }
    // A malformed key or one whose checksum fails is refused here, before any database work.
    if (request.identity.apiKey === "invalid") {
      return refuse(reply, request, { code: "UNAUTHORIZED", message: INVALID_API_KEY_MESSAGE }, call.paths, call.batch);
    }
    const points = new Map<RateLimitName, number>();
    for (const path of call.paths) {
      const name = limitOf(path);
      if (deps.limiters.rule(name).per !== "explicitKey") points.set(name, (points.get(name) ?? 0) + 1);
    }
    const apiKey = request.identity.apiKey;
    const who = { apiKeyId: apiKey?.publicId, sessionId: request.identity.sessionId, ip: request.identity.ip };
    let tightest: RateLimitDecision | undefined;
    for (const [name, count] of points) {
      const decision = await deps.limiters.consume(name, rateLimitKey(deps.limiters.rule(name), who), count);
      if (!tightest || !decision.allowed || decision.remaining < tightest.remaining) tightest = decision;
      if (!decision.allowed) {
        reply.headers(rateLimitHeaders(decision));
        const refusal: Refusal = {
          code: "RATE_LIMITED",
          message: `Too many requests. Try again in ${decision.resetSeconds} s.`,
          details: { limit: name, retryAfterSeconds: decision.resetSeconds },
        };
        return refuse(reply, request, refusal, call.paths, call.batch, "rest" in call);
      }
    }
    if (tightest) reply.headers(rateLimitHeaders(tightest));
    request.rateLimited = true;
  });
}
