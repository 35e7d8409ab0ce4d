import type { TransactionClient } from "@agency/db";
import { sql, type SqlSession } from "@agency/db";
import { createHash, randomBytes } from "node:crypto";

export type EmailTokenPurpose = "verify_email" | "reset_password";

/** How long a link works: long enough to find the mail, short enough to be useless later. */
export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 24 * 3_600_000,
  reset_password: 60 * 60_000,
};

export const hashEmailToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Issues a single-use link token for the user the transaction is entered for (RLS: own rows);
 * only its SHA-256 is stored. Earlier unused tokens of the same purpose stop working, so only
 * the newest link does. Returns the token for the email.
 */
export async function issueEmailToken(
  tx: TransactionClient,
  input: { userId: string; email: string; purpose: EmailTokenPurpose },
): Promise<string> {
  const now = new Date();
  await tx.emailToken.updateMany({
    where: { userId: input.userId, purpose: input.purpose, usedAt: null },
    data: { usedAt: now },
  });
  const token = randomBytes(32).toString("base64url");
  await tx.emailToken.create({
    data: {
      userId: input.userId,
      email: input.email,
      purpose: input.purpose,
      tokenHash: hashEmailToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_MS[input.purpose]),
    },
    select: { id: true },
  });
  return token;
}

/**
 * Spends a link (app_claim_email_token, SECURITY DEFINER: no identity exists yet). On success
 * the rest of the transaction acts as the link's user; null when the link is unknown, used,
 * expired, of another purpose, or the account's email changed since.
 */
export async function claimEmailToken(
  sqlSession: SqlSession,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<{ userId: string; email: string } | null> {
  const row = await sqlSession.first(
    sql<{ user_id: string; email: string }>`SELECT user_id, email FROM app_claim_email_token(${hashEmailToken(token)}, ${purpose}::email_token_purpose)`,
  );
  return row ? { userId: row.user_id, email: row.email } : null;
}
