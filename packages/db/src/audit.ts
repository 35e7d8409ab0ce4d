import { auditActionSchema, type AuditAction } from "@agency/validators";
import type { Prisma } from "./generated/prisma/client";
import type { TransactionClient } from "./tenant";

export interface AuditEntry {
  action: AuditAction;
  orgId?: string | null;
  actorUserId?: string | null;
  target?: { type: string; id: string } | null;
  /** Where the request came from: client IP, user agent, request id. */
  origin?: { ip?: string | null; userAgent?: string | null; requestId?: string | null };
  /** Changed fields (before/after) or other context; never secrets. */
  metadata?: Prisma.InputJsonObject;
}

/**
 * Appends one audit entry through `tx`, so it commits or rolls back with the
 * change it describes. Inside `withTenant`, RLS only accepts entries for the
 * acting user and active organization.
 */
export async function recordAudit(tx: TransactionClient, entry: AuditEntry): Promise<void> {
  const action = auditActionSchema.parse(entry.action);
  // createMany: a plain INSERT without RETURNING, which RLS would also filter through the
  // read policy (an unattributed entry is readable by no one, yet must be writable).
  await tx.auditLog.createMany({
    data: {
      action,
      orgId: entry.orgId ?? null,
      actorUserId: entry.actorUserId ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      ip: entry.origin?.ip ?? null,
      userAgent: entry.origin?.userAgent?.slice(0, 512) ?? null,
      requestId: entry.origin?.requestId ?? null,
      metadata: entry.metadata ?? {},
    },
  });
}
