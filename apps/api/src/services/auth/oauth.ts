import { recordAudit, withTenant, type PrismaClient } from "@agency/db";
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors/app-error";
import type { RequestOrigin } from "../service-context";
import { createSession } from "./sessions";

export interface OAuthProfile {
  provider: string;
  providerAccountId: string;
  email: string;
  emailVerified: boolean;
  name?: string;
}

/**
 * Signs in with a provider identity, opening a session:
 * - a known provider account signs its user in;
 * - otherwise a user with the same, provider-verified email gets the account
 *   linked (an unverified email never links: that would hand over accounts);
 * - otherwise a new user is created.
 */
export async function oauthSignIn(
  deps: { prisma: PrismaClient; sessionTtlHours: number },
  profile: OAuthProfile,
  origin: RequestOrigin,
) {
  const linked = await deps.prisma.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider: profile.provider, providerAccountId: profile.providerAccountId } },
    select: { userId: true },
  });
  const existing = linked ? null : await deps.prisma.user.findUnique({ where: { email: profile.email }, select: { id: true } });
  if (!linked && existing && !profile.emailVerified) {
    throw new AppError("UNAUTHORIZED", "This email already has an account. Sign in with your password, or verify the email at the provider.");
  }
  const userId = linked?.userId ?? existing?.id ?? randomUUID();
  const outcome: "signed_in" | "linked" | "created" = linked ? "signed_in" : existing ? "linked" : "created";

  return withTenant(deps.prisma, { userId, orgId: null }, async (tx) => {
    if (outcome === "created") {
      await tx.user.create({ data: { id: userId, email: profile.email, name: profile.name ?? profile.email.split("@")[0]! } });
    }
    if (outcome !== "signed_in") {
      await tx.oAuthAccount.create({ data: { userId, provider: profile.provider, providerAccountId: profile.providerAccountId } });
    }
    const session = await createSession(tx, { userId, origin, ttlHours: deps.sessionTtlHours });
    await recordAudit(tx, {
      action: outcome === "created" ? "auth.sign_up" : "auth.sign_in.succeeded",
      actorUserId: userId,
      target: { type: "session", id: session.id },
      origin,
      metadata: { method: profile.provider, outcome },
    });
    return { userId, sessionId: session.id, expiresAt: session.expiresAt, outcome };
  });
}
