import { withTenant, type TransactionClient } from "@agency/db";
import { roleHasPermission, roleSchema, type Permission } from "@agency/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { ERROR_CODES } from "../errors/app-error";
import { AppError } from "../errors/app-error";
import type { RateLimitName } from "../rate-limit/limits";
import { rateLimitHeaders } from "../rate-limit/limiter-registry";
import { isInternalCaller, SESSION_HEADER } from "../services/auth/internal-secret";
import type { Context } from "./context";
import { formatTrpcError } from "./error-formatter";

/**
 * Declared access of a procedure; the router test fails on any procedure
 * without one, and on any org procedure without a permission (default deny).
 */
export interface ProcedureMeta {
  /** internal: only the web server (shared secret), e.g. credential checks. */
  access: "public" | "internal" | "authed" | "org";
  /** Required for org procedures: checked against the caller's role (PERMISSIONS_BY_ROLE). */
  permission?: Permission;
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

/**
 * Only the web server itself may call: it presents the shared internal
 * secret and acts for no session. The web proxy adds the same secret when it
 * forwards a browser's session, so a request carrying a session id is a
 * browser's and is refused too. Anyone refused gets NOT_FOUND, as if the
 * procedure did not exist.
 */
export const internalProcedure = t.procedure
  .meta({ access: "internal" })
  .use(domainErrors)
  .use(({ ctx, next }) => {
    const ownCall = isInternalCaller(ctx.headers, ctx.auth.internalSecret) && !ctx.headers.has(SESSION_HEADER);
    if (!ownCall) throw new AppError("NOT_FOUND", "Not found.");
    return next();
  });

/** Requires a resolved actor (session or API key). */
export const authedProcedure = t.procedure
  .meta({ access: "authed" })
  .use(domainErrors)
  .use(({ ctx, type, next }) => {
    if (!ctx.actor) throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    // Defense in depth against cross-site requests riding a session cookie (SameSite=Lax
    // already stops most): a browser's mutation must come from an allowlisted origin.
    // Server-to-server calls send no Origin.
    const origin = ctx.headers.get("origin");
    if (type === "mutation" && origin && !ctx.allowedOrigins.includes(origin)) {
      throw new AppError("FORBIDDEN", "This request came from a site that may not act for you.");
    }
    return next({ ctx: { actor: ctx.actor } });
  });

const ORG_HEADER = "x-org-id";
const orgIdSchema = z.uuid();

/** The organization a call targets: `orgId` in the input, else the `x-org-id` header. Untrusted until checked. */
async function requestedOrgId(getRawInput: () => Promise<unknown>, headers: Headers): Promise<string | null> {
  const input = await getRawInput();
  if (input && typeof input === "object" && "orgId" in input && typeof input.orgId === "string") return input.orgId;
  return headers.get(ORG_HEADER);
}

/**
 * Requires an actor who is a member of the requested organization, then puts
 * `ctx.org` (id and role) and `ctx.db` (a runner for tenant-scoped
 * transactions under RLS) on the context. Declare the permission with
 * `.meta(can("task:write"))`. A non-member gets NOT_FOUND, exactly like a
 * missing organization: no existence leak. A member without the permission
 * gets FORBIDDEN.
 */
export const orgProcedure = authedProcedure
  .meta({ access: "org" })
  .use(async ({ ctx, meta, getRawInput, next }) => {
    const orgId = await requestedOrgId(getRawInput, ctx.headers);
    if (!orgId) throw new AppError("BAD_REQUEST", `Choose an organization: send orgId or the ${ORG_HEADER} header.`);
    if (!orgIdSchema.safeParse(orgId).success) throw new AppError("NOT_FOUND", "Organization not found.");

    const scope = { userId: ctx.actor.userId, orgId };
    const membership = await withTenant(ctx.prisma, scope, (tx) =>
      tx.membership.findFirst({ where: { orgId, userId: ctx.actor.userId }, select: { role: true } }),
    );
    if (!membership) throw new AppError("NOT_FOUND", "Organization not found.");
    const role = roleSchema.parse(membership.role);

    if (!meta?.permission) throw new AppError("FORBIDDEN", "This action declares no permission and is denied.");
    if (!roleHasPermission(role, meta.permission)) {
      throw new AppError("FORBIDDEN", `Your role (${role}) does not allow ${meta.permission}.`, { permission: meta.permission });
    }
    return next({
      ctx: {
        org: { id: orgId, role },
        /** Runs `fn` in one transaction as app_user with this actor and organization (RLS applies). */
        db: <T>(fn: (tx: TransactionClient) => Promise<T>) => withTenant(ctx.prisma, scope, fn),
      },
    });
  });

/** Meta for an org procedure that needs `permission`: `orgProcedure.meta(can("member:invite"))`. */
export function can(permission: Permission): ProcedureMeta {
  return { access: "org", permission };
}

/**
 * Spends one point of the named limit under `key`, sets the RateLimit headers,
 * and throws RATE_LIMITED (429 + Retry-After) when the budget is used up.
 */
export async function enforceRateLimit(ctx: Pick<Context, "limiters" | "responseHeaders">, name: RateLimitName, key: string) {
  const decision = await ctx.limiters.consume(name, key);
  for (const [header, value] of Object.entries(rateLimitHeaders(decision))) ctx.responseHeaders.set(header, value);
  if (!decision.allowed) {
    throw new AppError("RATE_LIMITED", `Too many requests. Try again in ${decision.resetSeconds} s.`, {
      limit: name,
      retryAfterSeconds: decision.resetSeconds,
    });
  }
}

/** Rate limit middleware: the caller's budget (actor, else IP) of the named limit. */
export function rateLimit(name: RateLimitName) {
  return t.middleware(async ({ ctx, next }) => {
    const rule = ctx.limiters.rule(name);
    const key = rule.per === "actorOrIp" && ctx.actor ? `user:${ctx.actor.userId}` : `ip:${ctx.ip}`;
    await enforceRateLimit(ctx, name, key);
    return next();
  });
}
