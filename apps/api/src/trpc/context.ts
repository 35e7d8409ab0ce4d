import type { Database } from "@agency/db";
import type { LlmGateway } from "../ai/gateway";
import type { Logger } from "pino";
import type { BoardEventHub } from "../realtime/board-event-hub";
import type { NotificationHub } from "../realtime/notification-hub";
import type { DeviceTokens } from "../services/auth/device-tokens";
import type { StreamRegistry } from "../realtime/stream-registry";
import type { RateLimiterRegistry } from "../rate-limit/limiter-registry";
import type { Observability } from "../observability/observability";
import type { RequestInfo } from "../services/scope";
import type { IntegrationDeps } from "../services/webhooks/integrations";
import type { StripeDeps } from "../billing/stripe/client";
import { currentRequestId } from "../observability/request-context";
import type { ApiKeyCredential } from "../services/api-keys/key-format";
import { identityFromHeaders, type RequestIdentity } from "./caller";

/**
 * Who acts: a session id the web server vouched for (checked inside the call's transaction),
 * a user id an in-process caller (a job, a test) vouches for itself, or an API key (its hash is
 * looked up inside the call's transaction; it acts only in its own organization).
 */
export type Caller =
  | { sessionId: string; userId?: undefined; apiKey?: undefined }
  | { userId: string; sessionId?: string; apiKey?: undefined }
  | { apiKey: ApiKeyCredential; sessionId?: undefined; userId?: undefined };

/** Long-lived services the API is built from; one set per process. */
export interface ApiDeps {
  /** The only way to the database: tenant and maintenance transactions (packages/db). */
  db: Database;
  limiters: RateLimiterRegistry;
  /** Open subscriptions per session and per user (bounded). */
  streams: StreamRegistry;
  log: Logger;
  version: string;
  startedAt: number;
  /** Fan-out of the database's board change feed (LISTEN/NOTIFY) to this process's subscribers. */
  boardEvents: BoardEventHub;
  /** Fan-out of the inbox change feed (LISTEN notifications): wakes a member's unread-count stream. */
  notificationEvents: NotificationHub;
  /** Aborted when the process shuts down: long-lived streams end so draining can finish. */
  shutdownSignal: AbortSignal;
  /** The web app's public origin, for links in emails. */
  appUrl: string;
  /** Browser origins allowed to call (CORS) and to send mutations on a user's behalf. */
  allowedOrigins: readonly string[];
  /** Outbound webhooks and Slack: the secret box and the target rules. */
  integrations: IntegrationDeps;
  /** The LLM gateway every AI feature calls models through (ai/gateway/). */
  ai: LlmGateway;
  /** Stripe: the secret box, where the SDK sends calls (STRIPE_API_BASE_URL), timeouts, retries. */
  stripe: StripeDeps;
  /** Development helpers (the dev outbox) are on; never in production. */
  devTools: boolean;
  /** Traces, metrics, error reports: absent or inactive, the pipeline skips them with one check. */
  observability?: Observability;
  auth: {
    /** Shared with the web server; unset turns internal auth and session identity off. */
    internalSecret?: string;
    sessionTtlHours: number;
    /** Signs and checks device cookies (sign-in throttling that cannot lock the owner out). */
    deviceTokens: DeviceTokens;
  };
}

/** What procedures read of the request's headers (a WHATWG Headers fits; the server passes a view of Node's). */
export interface HeaderReader {
  get(name: string): string | null;
  has(name: string): boolean;
}

export interface CreateContextOptions {
  deps: ApiDeps;
  headers: HeaderReader;
  requestId: string;
  /** The TCP peer's address (Fastify's request.ip, which honours TRUST_PROXY). */
  ip: string | null;
  /** Read from the headers when not given (the HTTP server computes it once per request). */
  identity?: RequestIdentity;
  /** In-process callers (jobs, tests) vouch for a user themselves. */
  actor?: { userId: string; sessionId?: string } | null;
  /** True when the HTTP edge already charged this request's rate limits. */
  rateLimited?: boolean;
}

/**
 * Framework-free request context: the HTTP server, createCaller tests and
 * background jobs all build it the same way. Nothing here touches the database.
 */
export function createContext(options: CreateContextOptions) {
  const { deps } = options;
  const identity = options.identity ?? identityFromHeaders(options.headers, options.ip, deps.auth.internalSecret);
  const caller: Caller | null = options.actor
    ? { userId: options.actor.userId, sessionId: options.actor.sessionId }
    : identity.apiKey && identity.apiKey !== "invalid"
      ? { apiKey: identity.apiKey }
      : identity.sessionId
        ? { sessionId: identity.sessionId }
        : null;
  const request: RequestInfo = { requestId: options.requestId, ip: identity.ip, userAgent: identity.userAgent };
  return {
    ...deps,
    headers: options.headers,
    requestId: options.requestId,
    identity,
    caller,
    request,
    rateLimited: options.rateLimited ?? false,
    // Inside an HTTP request the logger's mixin stamps the id already; jobs and tests get a child.
    log: currentRequestId() === options.requestId ? deps.log : deps.log.child({ requestId: options.requestId }),
    /** Headers procedures want on the HTTP response (rate limits); merged by responseMeta. */
    responseHeaders: new Headers(),
  };
}

export type Context = ReturnType<typeof createContext>;
