import type { TransactionClient } from "@agency/db";
import { roleHasPermission, roleSchema } from "@agency/validators";
import { AppError } from "../../errors/app-error";

export interface StreamViewer {
  orgId: string;
  userId: string;
  /** The session the stream was opened with; API keys and jobs have none. */
  sessionId?: string;
}

/**
 * Re-checks, inside the transaction that loads the next events, what the
 * org guard checked when the stream opened: the viewer is still a member
 * whose role may read tasks, and their session is still live. A removed
 * member's stream ends with NOT_FOUND (as at subscribe), a revoked or expired
 * session's with UNAUTHORIZED.
 */
export async function assertStreamAccess(tx: TransactionClient, viewer: StreamViewer): Promise<void> {
  // One after the other: an interactive transaction runs its queries on one connection anyway.
  const membership = await tx.membership.findFirst({
    where: { orgId: viewer.orgId, userId: viewer.userId },
    select: { role: true },
  });
  const sessionLive =
    !viewer.sessionId ||
    (await tx.session.count({
      where: { id: viewer.sessionId, userId: viewer.userId, revokedAt: null, expiresAt: { gt: new Date() } },
    })) > 0;
  if (!sessionLive) throw new AppError("UNAUTHORIZED", "Your session ended. Sign in to continue.");
  if (!membership) throw new AppError("NOT_FOUND", "Organization not found.");
  const role = roleSchema.parse(membership.role);
  if (!roleHasPermission(role, "task:read")) {
    throw new AppError("FORBIDDEN", `Your role (${role}) does not allow task:read.`, { permission: "task:read" });
  }
}
