import { recordAudit, type AuditEntry, type Prisma } from "@agency/db";
import type { AccountScope, AnonymousScope, TenantScope } from "./scope";

type AuditScope = AccountScope | TenantScope | AnonymousScope;

/**
 * The one way services write the audit trail: in the call's own transaction (the entry
 * commits or rolls back with the change), attributed to the acting user and, for
 * organization calls, to the organization, with the request's origin.
 */
export function audited(
  scope: AuditScope,
  action: AuditEntry["action"],
  target: { type: string; id: string } | null,
  metadata: Prisma.InputJsonObject = {},
  overrides: Pick<AuditEntry, "orgId" | "actorUserId"> = {},
): Promise<void> {
  return recordAudit(scope.tx, {
    action,
    orgId: "org" in scope ? scope.org.id : null,
    actorUserId: "actor" in scope ? scope.actor.userId : null,
    target,
    origin: scope.request,
    metadata,
    ...overrides,
  });
}
