import { randomUUID } from "node:crypto";
import { recordAudit } from "@agency/db";
import type { RequestInfo } from "../scope";
import { enqueueEmail } from "../mail/outbox";
import { appLink, mayMail, type AuthDeps } from "./auth-deps";
import { findCredentials } from "./credentials";
import { sendVerificationEmail } from "./email-verification";
import { hashPassword } from "./passwords";

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/**
 * Sign-up answers the same for a new and an existing email (no enumeration) and signs nobody
 * in: a new account is created unverified and gets a verification link; the owner of an
 * existing account gets a notice instead (with links to sign in or reset the password). Both
 * paths hash the password and write the outbox, so they cost about the same.
 */
export async function signUp(
  deps: AuthDeps,
  input: { email: string; name: string; password: string },
  request: RequestInfo,
): Promise<{ status: "check_email" }> {
  const passwordHash = await hashPassword(input.password);
  const existing = await findCredentials(deps.db, input.email);
  const created = existing ? false : await createAccount(deps, input, passwordHash, request);
  if (!created) await noticeExistingAccount(deps, input.email, existing?.userId ?? null, request);
  return { status: "check_email" };
}

/** The new, unverified account and its verification email, in one transaction. False when the email raced into use. */
async function createAccount(
  deps: AuthDeps,
  input: { email: string; name: string },
  passwordHash: string,
  request: RequestInfo,
): Promise<boolean> {
  const userId = randomUUID();
  const mail = await mayMail(deps, input.email);
  try {
    await deps.db.tenant({ userId }, async ({ tx }) => {
      await tx.user.create({ data: { id: userId, email: input.email, name: input.name, passwordHash }, select: { id: true } });
      if (mail) await sendVerificationEmail(tx, deps.appUrl, { userId, email: input.email }, request);
      await recordAudit(tx, { action: "auth.sign_up", actorUserId: userId, target: { type: "user", id: userId }, origin: request });
    });
    return true;
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides; the loser is told like any existing email.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

async function noticeExistingAccount(deps: AuthDeps, email: string, userId: string | null, request: RequestInfo) {
  const mail = await mayMail(deps, email);
  await deps.db.tenant({ anonymous: true }, async ({ tx }) => {
    if (mail) {
      await enqueueEmail({ tx, request }, {
        to: email,
        subject: "You already have an Agency OS account",
        text:
          `Someone (maybe you) tried to create an Agency OS account with this email address, which already has one.\n\n` +
          `Sign in: ${appLink(deps.appUrl, "/sign-in")}\n` +
          `Forgot your password? Reset it: ${appLink(deps.appUrl, "/forgot-password")}\n\n` +
          `If this was not you, ignore this email: nothing changed.`,
      });
    }
    await recordAudit(tx, {
      action: "auth.sign_up.existing_email",
      target: userId ? { type: "user", id: userId } : null,
      origin: request,
      metadata: { notified: mail },
    });
  });
}
