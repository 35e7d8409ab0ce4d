import { recordAudit, sql } from "@agency/db";
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors/app-error";
import type { RequestInfo } from "../scope";
import type { AuthDeps } from "./auth-deps";
import { findCredentials } from "./credentials";
import { createSession } from "./sessions";

export interface OAuthProfile {
  provider: string;
  providerAccountId: string;
  email: string;
  emailVerified: boolean;
  name?: string;
}

const PROVIDER_NAMES: Record<string, string> = { github: "GitHub", google: "Google", oidc: "single sign-on" };

/**
 * Signs in with a provider identity, opening a session:
 * - a known provider account signs its user in;
 * - an existing account with the same email is linked only when BOTH sides verified the
 *   email: the provider says so, and the account's owner proved it (verification or reset
 *   link). An unverified account is refused with a clear message, never taken over or
 *   linked: it may have been pre-registered by someone else (account pre-hijacking). Its real
 *   owner confirms the email, or resets the password (which revokes every session and proves
 *   the mailbox), then signs in with the provider;
 * - otherwise a new user is created, verified when the provider verified the email.
 */
export async function oauthSignIn(deps: AuthDeps, profile: OAuthProfile, request: RequestInfo) {
  try {
    return await signInOnce(deps, profile, request);
  } catch (error) {
    // Two first sign-ins with one provider identity at once (a double click, a retried callback)
    // both see no account; the unique indexes let one win. The loser's retry finds its account.
    if ((error as { code?: string }).code === "P2002") return signInOnce(deps, profile, request);
    throw error;
  }
}

async function signInOnce(deps: AuthDeps, profile: OAuthProfile, request: RequestInfo) {
  const linked = await deps.db.tenant({ anonymous: true }, ({ sql: q }) =>
    q.first(
      sql<{
        user_id: string | null;
      }>`SELECT app_find_oauth_user(${profile.provider}, ${profile.providerAccountId}) AS user_id`,
    ),
  );
  const existing = linked?.user_id ? null : await findCredentials(deps.db, profile.email);
  if (existing && (!profile.emailVerified || !existing.emailVerified)) {
    await deps.db.tenant({ anonymous: true }, ({ tx }) =>
      recordAudit(tx, {
        action: "auth.oauth.link_refused",
        target: { type: "user", id: existing.userId },
        origin: request,
        metadata: {
          provider: profile.provider,
          reason: profile.emailVerified ? "account_unverified" : "provider_unverified",
        },
      }),
    );
    const provider = PROVIDER_NAMES[profile.provider] ?? profile.provider;
    throw new AppError(
      "FORBIDDEN",
      profile.emailVerified
        ? `An account with this email exists but has not confirmed its email address yet. Sign in with its password and confirm the email (or reset the password), then use ${provider}.`
        : `This email already has an account. Sign in with your password, or verify the email at ${provider} first.`,
      { reason: profile.emailVerified ? "account_unverified" : "provider_unverified" },
    );
  }
  const userId = linked?.user_id ?? existing?.userId ?? randomUUID();
  const outcome: "signed_in" | "linked" | "created" = linked?.user_id ? "signed_in" : existing ? "linked" : "created";

  return deps.db.tenant({ userId }, async ({ tx }) => {
    if (outcome === "created") {
      await tx.user.create({
        data: {
          id: userId,
          email: profile.email,
          name: profile.name ?? profile.email.split("@")[0]!,
          emailVerifiedAt: profile.emailVerified ? new Date() : null,
        },
        select: { id: true },
      });
    }
    if (outcome !== "signed_in") {
      await tx.oAuthAccount.create({
        data: { userId, provider: profile.provider, providerAccountId: profile.providerAccountId },
      });
    }
    const session = await createSession(tx, { userId, request, ttlHours: deps.sessionTtlHours });
    await recordAudit(tx, {
      action: outcome === "created" ? "auth.sign_up" : "auth.sign_in.succeeded",
      actorUserId: userId,
      target: { type: "session", id: session.id },
      origin: request,
      metadata: { method: profile.provider, outcome },
    });
    return { userId, sessionId: session.id, expiresAt: session.expiresAt, outcome };
  });
}
