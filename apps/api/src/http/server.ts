import compress from "@fastify/compress";
import cors from "@fastify/cors";
import type { ApiEnv } from "@agency/validators";
import type { AnyTRPCRouter, TRPCError } from "@trpc/server";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import { AppError } from "../errors/app-error";
import { requestContext, requestIdFrom } from "../observability/request-context";
import { appRouter } from "../routers/app-router";
import { identityFromHeaders, type RequestIdentity } from "../trpc/caller";
import { createContext, type ApiDeps, type Context, type HeaderReader } from "../trpc/context";
import { apiErrorCode } from "../trpc/error-formatter";
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from "../trpc/idempotency";
import { handleClientError } from "./client-errors";
import { errorBody } from "../errors/error-envelope";
import { handleFrameworkError, handleHttpError, handleNotFound } from "./error-handler";
import { registerHealthRoutes } from "./health-routes";
import { registerMetricsRoute } from "./metrics-routes";
import { registerOpsRoutes } from "./ops-routes";
import { registerStripeWebhookRoute } from "../billing/stripe/webhook-route";
import { registerDocsRoutes } from "./rest/docs-routes";
import { openApiDocument } from "./rest/openapi";
import { registerRestRoutes } from "./rest/rest-routes";
import { registerHttpObservability } from "../observability/http-observability";
import { registerRequestGuards } from "./request-guards";
import { registerSecurityHeaders } from "./security-headers";
import { MAX_BATCH_SIZE, registerTrpcRateLimit } from "./trpc-rate-limit";

declare module "fastify" {
  interface FastifyRequest {
    /** Who the request claims to be, from its headers (no database): see trpc/caller.ts. */
    identity: RequestIdentity;
    /** Set once the HTTP edge charged the request's rate limits. */
    rateLimited: boolean;
  }
}

export type ServerConfig = Pick<
  ApiEnv,
  "CORS_ORIGINS" | "BODY_LIMIT_BYTES" | "TRUST_PROXY" | "NODE_ENV" | "OPS_TOKEN" | "METRICS_TOKEN"
>;

/** What a request refused during a shutdown is told: by then another instance (or this one, restarted) serves. */
const RETRY_AFTER_DRAIN_SECONDS = 2;

const EXPOSED_HEADERS = [
  "x-request-id",
  "etag",
  "location",
  "retry-after",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "ratelimit-policy",
  IDEMPOTENT_REPLAYED_HEADER,
];

/** Builds the API's HTTP server: the whole request pipeline, no listening. */
export async function buildServer(
  config: ServerConfig,
  deps: ApiDeps,
  /** The tRPC router to mount; tests mount extra procedures beside the real ones. */
  router: AnyTRPCRouter = appRouter,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // One "request completed" line per request, written by our onResponse hook.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => requestIdFrom(req.headers["x-request-id"]),
    // The logger's mixin adds requestId from AsyncLocalStorage; avoid a duplicate binding.
    childLoggerFactory: (logger, _bindings, options) => logger.child({}, options),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    // Answered by our own hook below: in the envelope, with Retry-After and Connection: close.
    return503OnClosing: false,
    clientErrorHandler: handleClientError,
    frameworkErrors: handleFrameworkError,
    // tRPC batches put every procedure name in the path.
    routerOptions: { maxParamLength: 5_000 },
  });

  app.decorateRequest("identity", null as unknown as RequestIdentity);
  app.decorateRequest("rateLimited", false);
  // Draining (close() was called): requests already running finish; new ones on kept-alive
  // connections are refused cleanly; every answer closes its connection, and idle ones are
  // closed as they appear — otherwise a keep-alive socket idling after its last answer holds
  // the server open for its whole keep-alive timeout.
  let draining = false;
  const closeIdle = () => app.server.closeIdleConnections();
  app.addHook("preClose", (done) => {
    draining = true;
    closeIdle();
    done();
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (draining) reply.header("connection", "close");
    done(null, payload);
  });
  app.addHook("onResponse", (_request, _reply, done) => {
    if (draining) setImmediate(closeIdle);
    done();
  });
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    if (draining) {
      requestContext.run({ requestId: request.id }, () =>
        reply
          .status(503)
          .header("retry-after", String(RETRY_AFTER_DRAIN_SECONDS))
          .send(
            errorBody("SERVICE_UNAVAILABLE", "This API instance is restarting. Try again in a moment.", request.id),
          ),
      );
      return;
    }
    request.identity = identityFromHeaders(headerReader(request.headers), request.ip || null, deps.auth.internalSecret);
    requestContext.run({ requestId: request.id }, done);
  });
  // Inside the request id's context: the request's span, its metrics, 5xx reports.
  registerHttpObservability(app, deps.observability);
  app.addHook("onResponse", (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split("?")[0],
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      },
      "request completed",
    );
    done();
  });

  registerSecurityHeaders(app);
  registerRequestGuards(app, { allowedOrigins: config.CORS_ORIGINS });
  await app.register(cors, {
    // Allowlist only; never "*" with credentials. Requests without Origin (curl, server-to-server) pass.
    origin: (origin, callback) => callback(null, !origin || config.CORS_ORIGINS.includes(origin)),
    credentials: true,
    methods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
    allowedHeaders: [
      "content-type",
      "authorization",
      "x-request-id",
      "x-org-id",
      "trpc-accept",
      "last-event-id",
      IDEMPOTENCY_KEY_HEADER,
      "if-match",
      "if-none-match",
    ],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });

  app.setErrorHandler(handleHttpError);
  app.setNotFoundHandler(handleNotFound);

  registerHealthRoutes(app, deps);
  registerOpsRoutes(app, deps, config);
  registerMetricsRoute(app, deps.observability?.metrics ?? null, config);
  registerTrpcRateLimit(app, deps, router);
  // Raw body, Stripe's signature, no session (README "Stripe").
  registerStripeWebhookRoute(app, deps);

  /** The context of a call, the same for /trpc and /api/v1. */
  const contextOf = (req: FastifyRequest) =>
    createContext({
      deps,
      headers: headerReader(req.headers),
      requestId: req.id,
      ip: req.ip || null,
      identity: req.identity,
      rateLimited: req.rateLimited,
    });

  // Compression only where a route asks for it (the REST API and its spec): never on /trpc,
  // whose SSE subscriptions must stream unbuffered.
  await app.register(compress, { global: false, encodings: ["br", "gzip"] });
  const operations = registerRestRoutes(app, router, contextOf);
  registerDocsRoutes(app, () => openApiDocument(operations, { version: deps.version }));

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ req }) => contextOf(req),
      responseMeta: ({ ctx, errors }) => {
        const headers = ctx ? Object.fromEntries((ctx as Context).responseHeaders) : {};
        // A limit a procedure spends itself (per account, per device) says when to come back too.
        const limited = errors.map((e) => e.cause).find((c) => c instanceof AppError && c.code === "RATE_LIMITED");
        const retryAfter = limited instanceof AppError ? limited.details?.retryAfterSeconds : undefined;
        if (typeof retryAfter === "number" && !("retry-after" in headers)) headers["retry-after"] = String(retryAfter);
        return { headers };
      },
      onError: ({ error, path, ctx }: { error: TRPCError; path?: string; ctx?: Context }) => {
        deps.observability?.metrics?.errors.inc({ code: apiErrorCode(error) });
        if (error.code === "INTERNAL_SERVER_ERROR") {
          (ctx?.log ?? deps.log).error(
            { path, error: { type: error.cause?.name ?? error.name, message: error.cause?.message ?? error.message } },
            "procedure failed",
          );
        }
      },
    } satisfies FastifyTRPCPluginOptions<AnyTRPCRouter>["trpcOptions"],
  });

  return app;
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** A read-only view of Node's (lower-cased) request headers, instead of copying them into a Headers. */
function headerReader(incoming: Record<string, string | string[] | undefined>): HeaderReader {
  return {
    get: (name) => headerValue(incoming[name.toLowerCase()]),
    has: (name) => incoming[name.toLowerCase()] !== undefined,
  };
}
