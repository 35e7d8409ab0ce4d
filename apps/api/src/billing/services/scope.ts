import { recordAudit, type Prisma, type TransactionClient } from "@agency/db";
import type { AuditAction } from "@agency/validators";
import type { RequestInfo } from "../../services/scope";

/**
 * What every billing service needs: the transaction it runs in, the organization, who acts and
 * where the request came from. A tRPC `ctx.scope` (TenantScope) satisfies it; a Stripe webhook job
 * passes `actor: { userId: null }` (system work). Services filter by `org.id` and set `org_id`
 * themselves, so they behave the same under RLS (app_user) and as app_maintenance.
 */
export interface BillingScope {
  tx: TransactionClient;
  org: { id: string };
  actor: { userId: string | null };
  request: RequestInfo | null;
}

/** The audit entry of a billing change, in the change's own transaction. */
export function billingAudit(
  scope: BillingScope,
  action: AuditAction,
  target: { type: string; id: string },
  metadata: Prisma.InputJsonObject = {},
): Promise<void> {
  return recordAudit(scope.tx, {
    action,
    orgId: scope.org.id,
    actorUserId: scope.actor.userId,
    target,
    origin: scope.request ?? undefined,
    metadata,
  });
}

/** BigInt column → number: every money column is CHECKed within ±(2^53 − 1), so this is exact. */
export function n(value: bigint | number): number {
  return Number(value);
}

export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null | undefined) => (date ? date.toISOString() : null);
