import type { TenantScope } from "../services/service-context";
import type { Context } from "../trpc/context";
import { requestOrigin } from "./auth/origin";

/** The service arguments of an org procedure's context: RLS runner, org, actor and request origin. */
export function tenantScope(
  ctx: Pick<Context, "ip" | "requestId" | "headers"> & Pick<TenantScope, "db" | "org" | "actor">,
): TenantScope {
  return { db: ctx.db, org: ctx.org, actor: ctx.actor, origin: requestOrigin(ctx) };
}
