import type { PrismaClient } from "@agency/db";
import type { Logger } from "pino";
import type { BoardEventHub } from "../realtime/board-event-hub";
import type { RateLimiterRegistry } from "../rate-limit/limiter-registry";

/** Who is calling. Resolved once per request (session or API key). */
export interface Actor {
  userId: string;
  /** The session the request came with; absent for jobs and API keys. */
  sessionId?: string;
}

/** Long-lived services the API is built from; one set per process. */
export interface ApiDeps {
  prisma: PrismaClient;
  limiters: RateLimiterRegistry;
  log: Logger;
  version: string;
  startedAt: number;
  /** Fan-out of the database's board change feed (LISTEN/NOTIFY) to this process's subscribers. */
  boardEvents: BoardEventHub;
  /** Aborted when the process shuts down: long-lived streams end so draining can finish. */
  shutdownSignal: AbortSignal;
  /** The web app's public origin, for links in emails. */
  appUrl: string;
  /** Browser origins allowed to call (CORS) and to send mutations on a user's behalf. */
  allowedOrigins: readonly string[];
  /** Development helpers (the dev outbox) are on; never in production. */
  devTools: boolean;
  auth: {
    /** Shared with the web server; unset turns internal auth and session identity off. */
    internalSecret?: string;
    sessionTtlHours: number;
  };
}

export interface CreateContextOptions {
  deps: ApiDeps;
  headers: Headers;
  requestId: string;
  ip: string;
  /** Set by the identity resolver (session or API key); jobs and tests pass it directly. */
  actor?: Actor | null;
}

/**
 * Framework-free request context: the HTTP server, createCaller tests and
 * background jobs all build it the same way.
 */
export function createContext(options: CreateContextOptions) {
  return {
    ...options.deps,
    headers: options.headers,
    requestId: options.requestId,
    ip: options.ip,
    actor: options.actor ?? null,
    log: options.deps.log.child({ requestId: options.requestId }),
    /** Headers procedures want on the HTTP response (rate limits); merged by responseMeta. */
    responseHeaders: new Headers(),
  };
}

export type Context = ReturnType<typeof createContext>;
