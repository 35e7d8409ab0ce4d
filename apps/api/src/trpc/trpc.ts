import { TenantRefusal, type TenantCredentials } from "@agency/db";
import { roleHasPermission, type Permission } from "@agency/validators";
import { INVALID_API_KEY_MESSAGE } from "./caller";
import { initTRPC } from "@trpc/server";
import { z } from "zod";
import { AppError } from "../errors/app-error";
import { rateLimitHeaders } from "../rate-limit/limiter-registry";
import type { RateLimitName } from "../rate-limit/limits";
import { rateLimitKey } from "../rate-limit/rate-limit-key";
import { SESSION_HEADER } from "../services/auth/internal-secret";
import type { AccountScope, TenantScope } from "../services/scope";
import type { Caller, Context, HeaderReader } from "./context";
import { formatTrpcError, toTrpcError } from "./error-formatter";
import { idempotent, readIdempotencyKey } from "./idempotency";
import type { OpenApiOperation } from "./openapi-meta";
import { noteOrganization, observeProcedure } from "../observability/procedure-observer";

/**
 * Declared access of a procedure; the router tests fail on any procedure without an
 * access level or a rate limit, and on any org procedure without a permission (default deny).
 */
export interface ProcedureMeta {
  /**
   * Set by the builder the procedure starts from (publicProcedure, internalProcedure,
   * authedProcedure, orgProcedure); procedures add `permission` and `limit` with `.meta()`.
   * internal: only the web server (shared secret), e.g. credential checks.
   */
  access?: "public" | "internal" | "authed" | "org";
  /** Required for org procedures: checked against the caller's role (PERMISSIONS_BY_ROLE). */
  permission?: Permission;
  /** The rate-limit class every call spends a point of, charged before any work (rate-limit/limits.ts). */
  limit?: RateLimitName;
  /**
   * The procedure's work is typed SQL only (`scope.sql`; the hot reads): its one transaction is
   * a plain pg transaction without Prisma's interactive-transaction machinery, and `scope.tx`
   * throws.
   */
  sqlOnly?: boolean;
  /** Published on the REST API /api/v1 at these operations (http/rest/). */
  openapi?: OpenApiOperation | readonly OpenApiOperation[];
  /**
   * The answer carries a secret shown exactly once (a webhook signing secret): it must not be
   * stored for Idempotency-Key replays, so such a call refuses the header (400) instead.
   */
  revealsSecret?: boolean;
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


/**
 * Spends `points` of the named limit under `key`, sets the RateLimit headers, and throws
 * RATE_LIMITED (429 + Retry-After) when the budget is used up.
 */
export async function enforceRateLimit(
  ctx: Pick<Context, "limiters" | "responseHeaders">,
  name: RateLimitName,
  key: string,
  points = 1,
) {
  const decision = await ctx.limiters.consume(name, key, points);
  for (const [header, value] of Object.entries(rateLimitHeaders(decision))) ctx.responseHeaders.set(header, value);
  if (!decision.allowed) {
    throw new AppError("RATE_LIMITED", `Too many requests. Try again in ${decision.resetSeconds} s.`, {
      limit: name,
      retryAfterSeconds: decision.resetSeconds,
    });
  }
}

/**
 * First on every procedure: in-process calls (createCaller: jobs, tests) spend their rate limit
 * here — HTTP calls were charged at the edge (http/trpc-rate-limit.ts) before the request was
 * parsed — and a thrown AppError becomes a TRPCError carrying it, so the formatter sees the
 * domain code.
 */
const chargedWithDomainErrors = t.middleware(async ({ ctx, meta, next }) => {
  if (!ctx.rateLimited && meta?.limit) {
    const rule = ctx.limiters.rule(meta.limit);
    if (rule.per !== "explicitKey") {
      const key = rateLimitKey(rule, {
        apiKeyId: ctx.caller?.apiKey?.publicId,
        sessionId: ctx.caller?.sessionId,
        userId: ctx.caller?.userId,
        ip: ctx.request.ip,
      });
      await enforceRateLimit(ctx, meta.limit, key).catch((error: AppError) => {
        throw toTrpcError(error);
      });
    }
  }
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTrpcError(result.error.cause);
  return result;
});

/** Outermost: the procedure's span, latency and error metrics, 5xx reports (one boolean check when off). */
const observed = t.middleware(({ ctx, path, type, next }) =>
  ctx.observability?.active ? observeProcedure(ctx.observability, { path, type, requestId: ctx.requestId }, next) : next(),
);

const base = t.procedure.use(observed).use(chargedWithDomainErrors);

export const publicProcedure = base.meta({ access: "public" });

/**
 * Only the web server itself may call: it presents the shared internal secret and acts for no
 * browser. The web proxy adds the same secret to every browser call it forwards, marked as
 * proxied (and with the browser's session when signed in), so such a request is a browser's and
 * is refused too. Anyone refused gets NOT_FOUND, as if the procedure did not exist.
 */
export const internalProcedure = base.meta({ access: "internal" }).use(({ ctx, next }) => {
  // identity.webServer is false whenever an Authorization header is present: keys never reach these.
  if (!ctx.identity.webServer || ctx.headers.has(SESSION_HEADER)) throw new AppError("NOT_FOUND", "Not found.");
  return next();
});

/** A caller is required; a browser's mutation must also come from an allowlisted origin. */
const signedIn = t.middleware(({ ctx, type, next }) => {
  if (ctx.identity.apiKey === "invalid") throw new AppError("UNAUTHORIZED", INVALID_API_KEY_MESSAGE);
  if (!ctx.caller) throw new AppError("UNAUTHORIZED", "Sign in to continue.");
  // Defense in depth against cross-site requests riding a session cookie (SameSite=Lax
  // already stops most). Server-to-server calls send no Origin.
  const origin = ctx.headers.get("origin");
  if (type === "mutation" && origin && !ctx.allowedOrigins.includes(origin)) {
    throw new AppError("FORBIDDEN", "This request came from a site that may not act for you.");
  }
  return next({ ctx: { caller: ctx.caller } });
});

const credentials = (ctx: Pick<Context, "auth">, caller: Caller, orgId: string | null): TenantCredentials =>
  caller.apiKey
    ? { apiKeySecretHash: caller.apiKey.secretHash, orgId }
    : caller.sessionId
      ? { sessionId: caller.sessionId, userId: caller.userId, sessionTtlSeconds: ctx.auth.sessionTtlHours * 3600, orgId }
      : { userId: caller.userId!, orgId };

/** The boundary's refusals as the API's answers: a dead session or key is 401, a non-member sees 404. */
function refusalError(refusal: TenantRefusal): AppError {
  if (refusal.reason === "session") return new AppError("UNAUTHORIZED", "Your session ended. Sign in to continue.");
  if (refusal.reason === "apiKey") return new AppError("UNAUTHORIZED", "This API key is unknown, revoked or expired.");
  return new AppError("NOT_FOUND", "Organization not found.");
}

/** Thrown inside the transaction to roll it back when the procedure failed; carries its result out. */
class ProcedureFailed extends Error {
  constructor(readonly result: unknown) {
    super("procedure failed");
  }
}

/**
 * Runs the rest of the call (the procedure, its output validation) inside ONE tenant
 * transaction; a failed procedure rolls it back. Subscriptions return their stream here and
 * the transaction commits before the stream starts (streams open their own, see `reenter`).
 */
type Entered = Parameters<Parameters<Context["db"]["tenant"]>[1]>[0];

/** `tx` of a sqlOnly procedure's scope: there is no Prisma transaction to give. */
const NO_PRISMA = new Proxy({} as Entered["tx"], {
  get() {
    throw new AppError("INTERNAL_ERROR", "This procedure is declared sqlOnly: it works through scope.sql, not scope.tx.");
  },
});

/** The boundary's transaction for a procedure: Prisma's interactive one, or plain pg for sqlOnly work. */
function enter<T>(ctx: Pick<Context, "db">, who: TenantCredentials, sqlOnly: boolean, fn: (entered: Entered) => Promise<T>) {
  return sqlOnly ? ctx.db.tenantSql(who, (entered) => fn({ ...entered, tx: NO_PRISMA })) : ctx.db.tenant(who, fn);
}

async function inTransaction<R extends { ok: boolean }>(
  ctx: Pick<Context, "db">,
  who: TenantCredentials,
  sqlOnly: boolean,
  run: (entered: Entered) => Promise<R>,
): Promise<R> {
  try {
    return await enter(ctx, who, sqlOnly, async (entered) => {
      const result = await run(entered);
      if (!result.ok) throw new ProcedureFailed(result);
      return result;
    });
  } catch (error) {
    if (error instanceof ProcedureFailed) return error.result as R;
    if (error instanceof TenantRefusal) throw refusalError(error);
    throw error;
  }
}

/**
 * Requires a signed-in caller and runs the call in one transaction as that user
 * (no organization): `ctx.scope` is what account services take. API keys are refused: a key is
 * an organization's service principal and has no account.
 */
export const authedProcedure = base
  .meta({ access: "authed" })
  .use(signedIn)
  .use(({ ctx, next }) => {
    if (ctx.caller.apiKey) {
      throw new AppError("FORBIDDEN", "API keys act only inside their organization; account procedures need a signed-in person.");
    }
    return next({ ctx: { caller: ctx.caller } });
  })
  .use(({ ctx, meta, next }) =>
    inTransaction(ctx, credentials(ctx, ctx.caller, null), meta?.sqlOnly === true, ({ tx, sql, userId }) => {
      const scope: AccountScope = {
        tx,
        sql,
        actor: { userId: userId!, sessionId: ctx.caller.sessionId },
        request: ctx.request,
      };
      return next({ ctx: { scope } });
    }),
  );

const ORG_HEADER = "x-org-id";
const orgIdSchema = z.uuid();

/** The organization a call targets: `orgId` in the input, else the `x-org-id` header. Untrusted until entered. */
async function requestedOrgId(getRawInput: () => Promise<unknown>, headers: HeaderReader): Promise<string | null> {
  const input = await getRawInput();
  if (input && typeof input === "object" && "orgId" in input && typeof input.orgId === "string") return input.orgId;
  return headers.get(ORG_HEADER);
}

/**
 * The caller's role must allow what the procedure declares (default deny); an API key must also
 * hold it as a scope — so a key manages members or keys only when scoped for it.
 */
function assertPermission(role: TenantScope["org"]["role"], permission: Permission | undefined, apiKeyScopes: readonly string[] | null) {
  if (!permission) throw new AppError("FORBIDDEN", "This action declares no permission and is denied.");
  if (apiKeyScopes && !apiKeyScopes.includes(permission)) {
    throw new AppError("FORBIDDEN", `This API key lacks the ${permission} scope.`, { permission, missingScope: permission });
  }
  if (!roleHasPermission(role, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${role}) does not allow ${permission}.`, { permission });
  }
}

/**
 * Requires a caller who is a member of the requested organization, and runs the call in ONE
 * transaction entered for that member (session, membership, role and the RLS settings in one
 * statement). A non-member gets NOT_FOUND, exactly like a missing organization: no existence
 * leak; a member without the declared permission gets FORBIDDEN. `ctx.scope` is what
 * services take; `ctx.reenter(fn)` opens a later transaction with the same checks (streams).
 */
export const orgProcedure = base
  .meta({ access: "org" })
  .use(signedIn)
  .use(async ({ ctx, meta, getRawInput, next }) => {
    const orgId = await requestedOrgId(getRawInput, ctx.headers);
    // An API key works in its own organization; naming it is optional (another one is a 404).
    if (!orgId && !ctx.caller.apiKey) {
      throw new AppError("BAD_REQUEST", `Choose an organization: send orgId or the ${ORG_HEADER} header.`);
    }
    if (orgId && !orgIdSchema.safeParse(orgId).success) throw new AppError("NOT_FOUND", "Organization not found.");
    if (orgId) noteOrganization(orgId);
    const who = credentials(ctx, ctx.caller, orgId);
    const sqlOnly = meta?.sqlOnly === true;
    const scopeOf = (entered: Entered): TenantScope => {
      const apiKey = entered.apiKey ? { id: entered.apiKey.id, scopes: entered.apiKey.scopes as Permission[] } : undefined;
      assertPermission(entered.role!, meta?.permission, apiKey?.scopes ?? null);
      return {
        tx: entered.tx,
        sql: entered.sql,
        org: { id: entered.orgId!, role: entered.role! },
        actor: { userId: entered.userId!, sessionId: ctx.caller.sessionId, ...(apiKey ? { apiKey } : {}) },
        request: ctx.request,
      };
    };
    /** A later transaction for the same caller and organization, re-checked like the first. */
    const reenter = async <T>(fn: (scope: TenantScope) => Promise<T>): Promise<T> => {
      try {
        return await enter(ctx, who, sqlOnly, (entered) => fn(scopeOf(entered)));
      } catch (error) {
        if (error instanceof TenantRefusal) throw refusalError(error);
        throw error;
      }
    };
    return inTransaction(ctx, who, sqlOnly, (entered) => next({ ctx: { scope: scopeOf(entered), reenter } }));
  })
  // Inside the tenant transaction: a mutation's Idempotency-Key record commits with its write.
  .use(({ ctx, type, meta, path, getRawInput, next }) => {
    if (type !== "mutation") return next();
    if (meta?.revealsSecret) {
      if (readIdempotencyKey(ctx.headers) !== null) {
        throw new AppError("BAD_REQUEST", "This call shows a secret once and takes no Idempotency-Key.", { header: "Idempotency-Key" });
      }
      return next();
    }
    return idempotent({ ...ctx, path, getRawInput }, () => next());
  });
