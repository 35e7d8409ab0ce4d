import { initTRPC, TRPCError } from "@trpc/server";
import { ERROR_CODES } from "../errors/app-error";
import { AppError } from "../errors/app-error";
import type { RateLimitName } from "../rate-limit/limits";
import { rateLimitHeaders } from "../rate-limit/limiter-registry";
import type { Context } from "./context";
import { formatTrpcError } from "./error-formatter";

/** Declared access level of a procedure; the router test fails on any procedure without one. */
export interface ProcedureMeta {
  access: "public" | "authed" | "org";
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    isDev: false,
    errorFormatter: ({ shape, error, path, ctx }) =>
      formatTrpcError({ shape, error, path, requestId: ctx?.requestId ?? "unknown" }),
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 20_000 },
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns a thrown AppError into a TRPCError carrying it, so the formatter sees the domain code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const appError = result.error.cause;
    throw new TRPCError({ code: ERROR_CODES[appError.code].trpc, message: appError.message, cause: appError });
  }
  return result;
});

export const publicProcedure = t.procedure.meta({ access: "public" }).use(domainErrors);

/** Requires a resolved actor (session or API key). */
export const authedProcedure = t.procedure
  .meta({ access: "authed" })
  .use(domainErrors)
  .use(({ ctx, next }) => {
    if (!ctx.actor) throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    return next({ ctx: { actor: ctx.actor } });
  });

/**
 * Spends one point of the named limit for this caller (actor, else IP) and
 * answers 429 with Retry-After and RateLimit headers when it is used up.
 */
export function rateLimit(name: RateLimitName) {
  return t.middleware(async ({ ctx, next }) => {
    const rule = ctx.limiters.rule(name);
    const key = rule.per === "actorOrIp" && ctx.actor ? `user:${ctx.actor.userId}` : `ip:${ctx.ip}`;
    const decision = await ctx.limiters.consume(name, key);
    for (const [header, value] of Object.entries(rateLimitHeaders(decision))) ctx.responseHeaders.set(header, value);
    if (!decision.allowed) {
      throw new AppError("RATE_LIMITED", `Too many requests. Try again in ${decision.resetSeconds} s.`, {
        limit: name,
        retryAfterSeconds: decision.resetSeconds,
      });
    }
    return next();
  });
}
