import { recordAudit, withTenant, type PrismaClient } from "@agency/db";
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors/app-error";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords";
import type { RequestOrigin } from "../service-context";
import { createSession } from "./sessions";

interface AuthDeps {
  prisma: PrismaClient;
  sessionTtlHours: number;
}

/** One message for unknown email and wrong password: no account enumeration. */
export const INVALID_CREDENTIALS = "Email or password is incorrect.";

/**
 * Creates the account and its first session in one transaction, as the new
 * user under RLS (the id is chosen first so the policies accept the rows).
 */
export async function signUp(
  deps: AuthDeps,
  input: { email: string; name: string; password: string },
  origin: RequestOrigin,
) {
  const existing = await deps.prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
  const passwordHash = await hashPassword(input.password);
  const userId = randomUUID();
  try {
    return await withTenant(deps.prisma, { userId, orgId: null }, async (tx) => {
      await tx.user.create({ data: { id: userId, email: input.email, name: input.name, passwordHash } });
      const session = await createSession(tx, { userId, origin, ttlHours: deps.sessionTtlHours });
      await recordAudit(tx, {
        action: "auth.sign_up",
        actorUserId: userId,
        target: { type: "user", id: userId },
        origin,
      });
      return { userId, sessionId: session.id, expiresAt: session.expiresAt };
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides.
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

/**
 * Verifies credentials and opens a session. Unknown emails are checked
 * against a dummy hash so both failures cost the same time. Every attempt is
 * audited; failures carry no email (personal data) beyond a user id when known.
 */
export async function signIn(deps: AuthDeps, input: { email: string; password: string }, origin: RequestOrigin) {
  const user = await deps.prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true },
  });
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);

  if (!user || !valid) {
    await withTenant(deps.prisma, { userId: null, orgId: null }, (tx) =>
      recordAudit(tx, {
        action: "auth.sign_in.failed",
        target: user ? { type: "user", id: user.id } : null,
        origin,
        metadata: { reason: user ? "wrong_password" : "unknown_email" },
      }),
    );
    throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  }

  return withTenant(deps.prisma, { userId: user.id, orgId: null }, async (tx) => {
    const session = await createSession(tx, { userId: user.id, origin, ttlHours: deps.sessionTtlHours });
    await recordAudit(tx, {
      action: "auth.sign_in.succeeded",
      actorUserId: user.id,
      target: { type: "session", id: session.id },
      origin,
    });
    return { userId: user.id, sessionId: session.id, expiresAt: session.expiresAt };
  });
}

/** Records a refused attempt (rate limit) without revealing whether the account exists. */
export function recordRateLimitedSignIn(deps: Pick<AuthDeps, "prisma">, origin: RequestOrigin, limit: string) {
  return withTenant(deps.prisma, { userId: null, orgId: null }, (tx) =>
    recordAudit(tx, { action: "auth.sign_in.rate_limited", origin, metadata: { limit } }),
  );
}

/** Revokes one of the actor's sessions (RLS: only their own). Returns whether one was revoked. */
export function revokeSession(
  deps: Pick<AuthDeps, "prisma">,
  actor: { userId: string },
  sessionId: string,
  origin: RequestOrigin,
  action: "auth.sign_out" | "auth.session.revoked",
) {
  return withTenant(deps.prisma, { userId: actor.userId, orgId: null }, async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, userId: actor.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count > 0) {
      await recordAudit(tx, { action, actorUserId: actor.userId, target: { type: "session", id: sessionId }, origin });
    }
    return count > 0;
  });
}

/** "Sign out everywhere": revokes every open session of the actor, this one included. */
export function revokeAllSessions(deps: Pick<AuthDeps, "prisma">, actor: { userId: string }, origin: RequestOrigin) {
  return withTenant(deps.prisma, { userId: actor.userId, orgId: null }, async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { userId: actor.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, {
      action: "auth.session.revoked",
      actorUserId: actor.userId,
      target: { type: "user", id: actor.userId },
      origin,
      metadata: { scope: "all", revoked: count },
    });
    return count;
  });
}

/**
 * Changes the password after checking the current one, and revokes every
 * other session of the user — all in one transaction.
 */
export async function changePassword(
  deps: Pick<AuthDeps, "prisma">,
  actor: { userId: string; sessionId?: string },
  input: { currentPassword: string; newPassword: string },
  origin: RequestOrigin,
) {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("VALIDATION_ERROR", "The current password is incorrect.", {
      issues: [{ path: ["currentPassword"], message: "The current password is incorrect.", code: "custom" }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return withTenant(deps.prisma, { userId: actor.userId, orgId: null }, async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    const { count } = await tx.session.updateMany({
      where: { userId: actor.userId, revokedAt: null, ...(actor.sessionId ? { id: { not: actor.sessionId } } : {}) },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, {
      action: "auth.password.changed",
      actorUserId: actor.userId,
      target: { type: "user", id: actor.userId },
      origin,
      metadata: { otherSessionsRevoked: count },
    });
    return { otherSessionsRevoked: count };
  });
}
