import type { ApiErrorCode } from "@agency/validators";
import { getTRPCErrorFromUnknown, type AnyTRPCRouter } from "@trpc/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "../../errors/error-envelope";
import { domainError } from "../../trpc/error-formatter";
import type { Context } from "../../trpc/context";
import { createCallerFactory } from "../../trpc/trpc";
import {
  applyIfMatch,
  DEFAULT_PAGE_LIMIT,
  etagOf,
  ORG_HEADER,
  parseIfMatch,
  queryParameters,
  readBody,
  readQuery,
} from "./rest-input";
import { fastifyPath, REST_PREFIX, restOperations, type RestOperation } from "./operations";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The procedure a REST route runs: its rate-limit class is charged at the edge (trpc-rate-limit.ts). */
    restProcedure?: string;
  }
}

/** Tenant data: never stored by a browser or a shared cache. */
export const TENANT_CACHE_CONTROL = "private, no-store";
/** JSON answers above this many bytes are compressed (gzip / brotli, as the client accepts). */
export const COMPRESS_THRESHOLD_BYTES = 1024;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type ProcedureFn = (input: unknown) => Promise<unknown>;

/** `caller["tasks"]["update"]` for the path `tasks.update`. */
function procedureOf(caller: unknown, path: string): ProcedureFn {
  return path.split(".").reduce((node, segment) => (node as Record<string, unknown>)[segment], caller) as ProcedureFn;
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ApiErrorCode,
  status: number,
  message: string,
  details?: Record<string, unknown>,
) {
  return reply.status(status).send(errorBody(code, message, request.id, details));
}

/**
 * `/tasks/{id}` → `/api/v1/tasks/<the answer's id>`; `{key.id}` reads a nested field. Null when
 * the answer has no such string (nothing is pointed at rather than a wrong address).
 */
function locationOf(template: string, data: unknown): string | null {
  let missing = false;
  const path = template.replace(/\{([\w.]+)\}/g, (_, field: string) => {
    const value = field
      .split(".")
      .reduce<unknown>((node, name) => (node as Record<string, unknown> | null)?.[name], data);
    if (typeof value !== "string") missing = true;
    return encodeURIComponent(String(value));
  });
  return missing ? null : REST_PREFIX + path;
}

/** The answer's envelope: `data`, plus `meta` on lists. */
function successBody(operation: RestOperation, data: unknown, input: Record<string, unknown>) {
  if (operation.paged) {
    const page = data as { items: unknown[]; nextCursor: string | null };
    const limit = typeof input.limit === "number" ? input.limit : DEFAULT_PAGE_LIMIT;
    return { data: page.items, meta: { nextCursor: page.nextCursor, limit } };
  }
  if (operation.listed) return { data, meta: { nextCursor: null, limit: null } };
  return { data };
}

/**
 * The REST API `/api/v1`: every operation declared in a procedure's `openapi` meta runs that
 * procedure through a tRPC caller — the same middleware chain as /trpc (identity, tenant
 * transaction, permission, validation, audit, output) — with a context built exactly as for
 * /trpc, already charged at the edge. This layer only translates HTTP to the procedure's input
 * (path ids, query strings, the body, `If-Match`, the `x-org-id` header) and its answer to the
 * REST envelopes, statuses and headers (`Location`, `ETag`, `Cache-Control`).
 */
export function registerRestRoutes(
  app: FastifyInstance,
  router: AnyTRPCRouter,
  contextOf: (request: FastifyRequest) => Context,
): RestOperation[] {
  const operations = restOperations(router);
  const createCaller = createCallerFactory(router);
  const compress = { threshold: COMPRESS_THRESHOLD_BYTES };

  for (const operation of operations) {
    const queryFields = queryParameters(operation);
    const inBody = operation.method === "POST" || operation.method === "PATCH";
    app.route({
      method: operation.method,
      url: fastifyPath(operation.path),
      config: { restProcedure: operation.procedure },
      compress,
      exposeHeadRoute: false,
      handler: async (request, reply) => {
        reply.header("cache-control", TENANT_CACHE_CONTROL);
        const ctx = contextOf(request);
        let fromIfMatch = false;
        let input: Record<string, unknown> = {};
        try {
          const url = request.url;
          const query = url.indexOf("?");
          input = readQuery(new URLSearchParams(query < 0 ? "" : url.slice(query + 1)), queryFields);
          if (inBody) input = { ...readBody(request.body, operation), ...input };
          Object.assign(input, request.params as Record<string, string>);
          const orgHeader = request.headers[ORG_HEADER];
          if (input.orgId === undefined && typeof orgHeader === "string") input.orgId = orgHeader;
          fromIfMatch = applyIfMatch(input, parseIfMatch(request.headers["if-match"]), operation);
          const data = await procedureOf(createCaller(ctx), operation.procedure)(input);
          for (const [name, value] of ctx.responseHeaders) reply.header(name, value);
          const status = operation.successStatus ?? 200;
          if (status === 204) return reply.status(204).send();
          const version = (data as { version?: unknown } | null)?.version;
          if (typeof version === "number") {
            const etag = etagOf(version);
            reply.header("etag", etag);
            if (operation.method === "GET" && request.headers["if-none-match"] === etag)
              return reply.status(304).send();
          }
          const location = operation.location && locationOf(operation.location, data);
          if (location) reply.header("location", location);
          return reply.status(status).send(successBody(operation, data, input));
        } catch (cause) {
          for (const [name, value] of ctx.responseHeaders) reply.header(name, value);
          const failure = domainError(getTRPCErrorFromUnknown(cause));
          const { details } = failure;
          let { code, status, message } = failure;
          // A stale If-Match: the service's version guard said CONFLICT; HTTP says 412.
          const current = details?.current as { version?: unknown } | undefined;
          if (fromIfMatch && code === "CONFLICT" && current && current.version !== input.expectedVersion) {
            code = "PRECONDITION_FAILED";
            status = 412;
            message = `If-Match named version ${String(input.expectedVersion)}; the record is at version ${String(current.version)}. Review the current record (in details.current) and try again.`;
          }
          if (code === "RATE_LIMITED" && typeof details?.retryAfterSeconds === "number") {
            reply.header("retry-after", String(details.retryAfterSeconds));
          }
          if (status >= 500) {
            const error = cause instanceof Error ? (cause.cause ?? cause) : cause;
            request.log.error(
              {
                path: operation.procedure,
                error: { type: (error as Error)?.name, message: (error as Error)?.message },
              },
              "procedure failed",
            );
          }
          return sendError(request, reply, code, status, message, details);
        }
      },
    });
  }

  // A known path with another method: 405 with Allow, in the envelope.
  const methodsByPath = new Map<string, Set<string>>();
  for (const operation of operations) {
    const url = fastifyPath(operation.path);
    methodsByPath.set(url, (methodsByPath.get(url) ?? new Set()).add(operation.method));
  }
  for (const [url, allowed] of methodsByPath) {
    const others = METHODS.filter((method) => !allowed.has(method));
    // REST GETs answer no HEAD (a HEAD would run the procedure for nothing).
    const allow = [...allowed, "OPTIONS"].join(", ");
    app.route({
      method: [...others, "HEAD"],
      url,
      handler: (request, reply) => {
        reply.header("allow", allow).header("cache-control", TENANT_CACHE_CONTROL);
        return sendError(
          request,
          reply,
          "METHOD_NOT_ALLOWED",
          405,
          `${request.method} is not supported on this resource. Allowed: ${allow}.`,
        );
      },
    });
  }
  return operations;
}
