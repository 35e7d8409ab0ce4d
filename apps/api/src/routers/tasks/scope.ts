import type { Context } from "../../trpc/context";
import type { TaskScope } from "../../services/tasks/task-scope";
import { requestOrigin } from "../auth/origin";

/** The service arguments of an org procedure's context. */
export function taskScope(
  ctx: Pick<Context, "ip" | "requestId" | "headers"> & Pick<TaskScope, "db" | "org" | "actor">,
): TaskScope {
  return { db: ctx.db, org: ctx.org, actor: ctx.actor, origin: requestOrigin(ctx) };
}
