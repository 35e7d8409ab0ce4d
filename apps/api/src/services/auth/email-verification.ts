import { recordAudit, type Database, type TransactionClient } from "@agency/db";
import { AppError } from "../../errors/app-error";
import { audited } from "../audit";
import { enqueueEmail } from "../mail/outbox";
import type { AccountScope, RequestInfo } from "../scope";
import { appLink, mayMail, type AuthDeps } from "./auth-deps";
import { claimEmailToken, issueEmailToken } from "./email-tokens";

/** Issues a verification link for the user the transaction is entered for and queues its email. */
export async function sendVerificationEmail(
  tx: TransactionClient,
  appUrl: string,
  user: { userId: string; email: string },
  request?: { requestId: string },
) {
  const token = await issueEmailToken(tx, { userId: user.userId, email: user.email, purpose: "verify_email" });
  await enqueueEmail({ tx, request }, {
    to: user.email,
    subject: "Confirm your email for Agency OS",
    text:
      `Confirm that this address is yours (the link works once, for 24 hours):\n${appLink(appUrl, `/verify-email/${token}`)}\n\n` +
      `Until it is confirmed the account can sign in, but cannot join organizations or be linked to Google or single sign-on.\n` +
      `If you did not create an Agency OS account, ignore this email.`,
  });
}

/** "Send the link again", for a signed-in user whose email is not verified yet. */
export async function resendVerification(deps: Pick<AuthDeps, "limiters" | "appUrl">, scope: AccountScope) {
  const user = await scope.tx.user.findUniqueOrThrow({
    where: { id: scope.actor.userId },
    select: { email: true, emailVerifiedAt: true },
  });
  if (user.emailVerifiedAt) return { sent: false, alreadyVerified: true };
  if (!(await mayMail(deps, user.email))) {
    throw new AppError("RATE_LIMITED", "We sent several links to this address recently. Check your inbox (and spam), or try again in an hour.", {
      limit: "authMail",
      retryAfterSeconds: 3600,
    });
  }
  await sendVerificationEmail(scope.tx, deps.appUrl, { userId: scope.actor.userId, email: user.email }, scope.request);
  await audited(scope, "auth.email.verification_sent", { type: "user", id: scope.actor.userId });
  return { sent: true, alreadyVerified: false };
}

/** Spends a verification link: the account's email is verified from now on. */
export async function verifyEmail(db: Database, token: string, request: RequestInfo) {
  return db.tenant({ anonymous: true }, async ({ tx, sql }) => {
    const claimed = await claimEmailToken(sql, token, "verify_email");
    if (!claimed) throw new AppError("NOT_FOUND", "This link is invalid, expired or already used. Sign in and ask for a new one.");
    // The claim made the link's user the acting user: RLS lets them update their own row.
    await tx.user.updateMany({ where: { id: claimed.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    await recordAudit(tx, {
      action: "auth.email.verified",
      actorUserId: claimed.userId,
      target: { type: "user", id: claimed.userId },
      origin: request,
    });
    return { verified: true as const, email: claimed.email };
  });
}
