import { sql, type Database } from "@agency/db";

export interface StoredCredentials {
  userId: string;
  passwordHash: string | null;
  emailVerified: boolean;
}

/** The account behind an email, before any identity exists (app_find_credentials, SECURITY DEFINER). */
export async function findCredentials(db: Database, email: string): Promise<StoredCredentials | null> {
  const row = await db.tenant({ anonymous: true }, ({ sql: q }) =>
    q.first(
      sql<{ user_id: string; password_hash: string | null; email_verified: boolean }>`
        SELECT user_id, password_hash, email_verified FROM app_find_credentials(${email})`,
    ),
  );
  return row ? { userId: row.user_id, passwordHash: row.password_hash, emailVerified: row.email_verified } : null;
}
