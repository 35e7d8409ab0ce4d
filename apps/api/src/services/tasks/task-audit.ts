import { recordAudit, type Prisma } from "@agency/db";
import type { TenantScope } from "../service-context";

type TaskAction = "task.created" | "task.updated" | "task.moved" | "task.deleted" | "task.restored";

/** The audit entry of a task write, in the writing transaction. */
export const auditTask = (
  scope: TenantScope,
  tx: Prisma.TransactionClient,
  action: TaskAction,
  taskId: string,
  metadata: Prisma.InputJsonObject = {},
) =>
  recordAudit(tx, {
    action,
    orgId: scope.org.id,
    actorUserId: scope.actor.userId,
    target: { type: "task", id: taskId },
    origin: scope.origin,
    metadata,
  });
