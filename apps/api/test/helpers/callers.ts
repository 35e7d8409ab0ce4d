import { appRouter } from "../../src/routers/app-router";
import { createContext, type ApiDeps } from "../../src/trpc/context";
import { createCallerFactory } from "../../src/trpc/trpc";
import type { TestApi } from "./test-api";

/**
 * The one place API tests build a request context and a caller, so a change to how the context is
 * made (createContext, identity, the database boundary) is adapted here once.
 */
export interface CallerOptions {
  /** Request headers (x-internal-secret, x-org-id, user-agent, …). */
  headers?: Record<string, string>;
  /** Lands in logs and audit entries; default "test-request". */
  requestId?: string;
  /** The client address; default 127.0.0.1. */
  ip?: string;
  /** Replaces single services, e.g. a Prisma client that counts queries. */
  deps?: Partial<ApiDeps>;
}

/** The context the HTTP server would build for a request whose identity resolved to `userId` (null: signed out). */
export function contextFor(api: Pick<TestApi, "api">, userId: string | null, options: CallerOptions = {}) {
  return createContext({
    deps: { ...api.api.deps, ...options.deps },
    headers: new Headers(options.headers),
    requestId: options.requestId ?? "test-request",
    ip: options.ip ?? "127.0.0.1",
    actor: userId ? { userId } : null,
  });
}

const createAppCaller = createCallerFactory(appRouter);

/** appRouter's procedures called as `userId` (null: signed out), through every middleware but HTTP. */
export function callerFor(api: Pick<TestApi, "api">, userId: string | null, options: CallerOptions = {}) {
  return createAppCaller(contextFor(api, userId, options));
}
