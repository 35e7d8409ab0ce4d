import { recordAudit } from "@agency/db";
import { AppError } from "../../errors/app-error";
import { enqueueEmail } from "../mail/outbox";
import type { RequestInfo } from "../scope";
import { appLink, mayMail, type AuthDeps } from "./auth-deps";
import { findCredentials } from "./credentials";
import { claimEmailToken, issueEmailToken } from "./email-tokens";
import { hashPassword } from "./passwords";
import { revokeSessionsOf } from "./sessions";

/**
 * "Forgot password": answers the same whether or not the email has an account. When it does
 * (and the address's mail budget allows), a single-use link valid for an hour goes out; only
 * its hash is stored.
 */
export async function requestPasswordReset(deps: AuthDeps, email: string, request: RequestInfo) {
  const account = await findCredentials(deps.db, email);
  if (account && (await mayMail(deps, email))) {
    await deps.db.tenant({ userId: account.userId }, async ({ tx }) => {
      const token = await issueEmailToken(tx, { userId: account.userId, email, purpose: "reset_password" });
      await enqueueEmail({ tx, request }, {
        to: email,
        subject: "Reset your Agency OS password",
        text:
          `Choose a new password (the link works once, for one hour):\n${appLink(deps.appUrl, `/reset-password/${token}`)}\n\n` +
          `Every device signed in to this account will be signed out.\n` +
          `If you did not ask for this, ignore this email: your password stays as it is.`,
      });
      await recordAudit(tx, {
        action: "auth.password.reset_requested",
        actorUserId: account.userId,
        target: { type: "user", id: account.userId },
        origin: request,
      });
    });
  }
  return { status: "check_email" as const };
}

/**
 * Spends a reset link: sets the new password (same policy as sign-up), revokes every session
 * of the account and every other outstanding link, and counts the email as verified (whoever
 * holds the link reads its mailbox) — in one transaction, audited. The browser that did it
 * gets a device token, so the owner is never locked out of the browser they reset from.
 */
export async function resetPassword(deps: AuthDeps, input: { token: string; password: string }, request: RequestInfo) {
  const passwordHash = await hashPassword(input.password);
  const userId = await deps.db.tenant({ anonymous: true }, async ({ tx, sql }) => {
    const claimed = await claimEmailToken(sql, input.token, "reset_password");
    if (!claimed) throw new AppError("NOT_FOUND", "This reset link is invalid, expired or already used. Ask for a new one.");
    const now = new Date();
    // The claim made the link's user the acting user: RLS lets them change their own rows.
    const user = await tx.user.findUniqueOrThrow({ where: { id: claimed.userId }, select: { emailVerifiedAt: true } });
    await tx.user.update({
      where: { id: claimed.userId },
      data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now },
      select: { id: true },
    });
    const revoked = await revokeSessionsOf(tx, claimed.userId);
    await tx.emailToken.updateMany({ where: { userId: claimed.userId, usedAt: null }, data: { usedAt: now } });
    await recordAudit(tx, {
      action: "auth.password.reset",
      actorUserId: claimed.userId,
      target: { type: "user", id: claimed.userId },
      origin: request,
      metadata: { sessionsRevoked: revoked, emailVerified: !user.emailVerifiedAt },
    });
    return claimed.userId;
  });
  return { reset: true as const, deviceToken: deps.deviceTokens.issue(userId) };
}
