import type { TransactionClient } from "@agency/db";
import { audited } from "../audit";
import type { AccountScope, RequestInfo } from "../scope";

const HOUR_MS = 3_600_000;
const MAX_LISTED = 100;

/** Creates a session row for a user who just proved who they are (in a transaction entered for them). */
export async function createSession(tx: TransactionClient, input: { userId: string; request: RequestInfo; ttlHours: number }) {
  return tx.session.create({
    data: {
      userId: input.userId,
      expiresAt: new Date(Date.now() + input.ttlHours * HOUR_MS),
      ip: input.request.ip,
      userAgent: input.request.userAgent,
    },
    select: { id: true, expiresAt: true },
  });
}

/** The user's open sessions (devices), newest activity first; the current one is flagged. RLS: own rows only. */
export async function listSessions(scope: AccountScope) {
  const rows = await scope.tx.session.findMany({
    where: { revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: MAX_LISTED,
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true },
  });
  return rows.map((row) => ({ ...row, current: row.id === scope.actor.sessionId }));
}

/** Revokes one of the actor's sessions (RLS: only their own). Returns whether one was revoked. */
export async function revokeSession(scope: AccountScope, sessionId: string, action: "auth.sign_out" | "auth.session.revoked") {
  const { count } = await scope.tx.session.updateMany({
    where: { id: sessionId, userId: scope.actor.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count > 0) await audited(scope, action, { type: "session", id: sessionId });
  return count > 0;
}

/** Revokes every open session of a user (optionally but one); the transaction must be entered for them. */
export async function revokeSessionsOf(tx: TransactionClient, userId: string, exceptSessionId?: string) {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** "Sign out everywhere": revokes every open session of the actor, this one included. */
export async function revokeAllSessions(scope: AccountScope) {
  const count = await revokeSessionsOf(scope.tx, scope.actor.userId);
  await audited(scope, "auth.session.revoked", { type: "user", id: scope.actor.userId }, { scope: "all", revoked: count });
  return count;
}
