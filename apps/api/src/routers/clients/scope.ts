import type { Context } from "../../trpc/context";
import type { ClientScope } from "../../services/clients/clients";
import { requestOrigin } from "../auth/origin";

/** The service arguments of an org procedure's context. */
export function clientScope(
  ctx: Pick<Context, "ip" | "requestId" | "headers"> & Pick<ClientScope, "db" | "org" | "actor">,
): ClientScope {
  return { db: ctx.db, org: ctx.org, actor: ctx.actor, origin: requestOrigin(ctx) };
}
