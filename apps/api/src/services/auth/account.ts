import { AppError } from "../../errors/app-error";
import type { RateLimiterRegistry } from "../../rate-limit/limiter-registry";
import { audited } from "../audit";
import type { AccountScope } from "../scope";
import { hashPassword, verifyPassword } from "./passwords";
import { revokeSessionsOf } from "./sessions";

/** The signed-in user's own account. */
export async function getAccount(scope: AccountScope) {
  const user = await scope.tx.user.findUniqueOrThrow({
    where: { id: scope.actor.userId },
    select: { id: true, email: true, name: true, emailVerifiedAt: true, timeZone: true },
  });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    timeZone: user.timeZone,
  };
}

/**
 * Changes the display name and/or the time zone (null: UTC), audited with before/after of what
 * changed. The zone arrives validated and in the runtime's spelling (timeZoneSchema).
 */
export async function updateProfile(scope: AccountScope, input: { name?: string; timeZone?: string | null }) {
  const before = await scope.tx.user.findUniqueOrThrow({
    where: { id: scope.actor.userId },
    select: { name: true, timeZone: true },
  });
  const changes: Record<string, { before: string | null; after: string | null }> = {};
  if (input.name !== undefined && input.name !== before.name) changes.name = { before: before.name, after: input.name };
  if (input.timeZone !== undefined && input.timeZone !== before.timeZone)
    changes.timeZone = { before: before.timeZone, after: input.timeZone };
  if (Object.keys(changes).length > 0) {
    await scope.tx.user.update({
      where: { id: scope.actor.userId },
      data: { name: input.name, timeZone: input.timeZone },
      select: { id: true },
    });
    await audited(scope, "account.updated", { type: "user", id: scope.actor.userId }, changes);
  }
  return getAccount(scope);
}

/**
 * Changes the password after checking the current one, and revokes every other session of
 * the user — in the call's one transaction. Wrong current passwords spend the account's
 * failure budget (authAccount), so a stolen session cannot guess it from many addresses.
 */
export async function changePassword(
  limiters: RateLimiterRegistry,
  scope: AccountScope,
  input: { currentPassword: string; newPassword: string },
) {
  const budget = `password-change:${scope.actor.userId}`;
  const state = await limiters.peek("authAccount", budget);
  if (!state.allowed) {
    throw new AppError("RATE_LIMITED", `Too many wrong passwords. Try again in ${state.resetSeconds} s.`, {
      limit: "authAccount",
      retryAfterSeconds: state.resetSeconds,
    });
  }
  const user = await scope.tx.user.findUniqueOrThrow({ where: { id: scope.actor.userId }, select: { passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await limiters.consume("authAccount", budget);
    throw new AppError("VALIDATION_ERROR", "The current password is incorrect.", {
      issues: [{ path: ["currentPassword"], message: "The current password is incorrect.", code: "custom" }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await scope.tx.user.update({ where: { id: scope.actor.userId }, data: { passwordHash }, select: { id: true } });
  const count = await revokeSessionsOf(scope.tx, scope.actor.userId, scope.actor.sessionId);
  await audited(scope, "auth.password.changed", { type: "user", id: scope.actor.userId }, { otherSessionsRevoked: count });
  return { otherSessionsRevoked: count };
}
