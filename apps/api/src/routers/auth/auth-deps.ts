import type { AuthDeps } from "../../services/auth/auth-deps";
import type { Context } from "../../trpc/context";

/** The auth flows' dependencies from a request context. */
export const authDeps = (ctx: Pick<Context, "db" | "limiters" | "auth" | "appUrl">): AuthDeps => ({
  db: ctx.db,
  limiters: ctx.limiters,
  deviceTokens: ctx.auth.deviceTokens,
  sessionTtlHours: ctx.auth.sessionTtlHours,
  appUrl: ctx.appUrl,
});
