import { NOTIFICATION_KINDS } from "@agency/validators";
import type { Database } from "@agency/db";
import { AppError } from "../../errors/app-error";
import type { SecretBox } from "../../lib/secret-box";
import { readUnsubscribeToken } from "./unsubscribe-token";

/**
 * One click from an email, no session: turns every notification email of the token's user off
 * (in-app notifications stay). As app_maintenance, because nobody is signed in: the token — sealed
 * by the secret box — is the only credential, and it can do nothing else. Idempotent.
 */
export async function unsubscribeFromEmail(
  db: Database,
  box: SecretBox,
  token: string,
): Promise<{ unsubscribed: true }> {
  const userId = readUnsubscribeToken(box, token);
  if (!userId)
    throw new AppError(
      "NOT_FOUND",
      "This unsubscribe link is not valid. Change your email preferences in Settings instead.",
    );
  await db.maintenance(async ({ tx }) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", "This unsubscribe link is not valid.");
    for (const kind of NOTIFICATION_KINDS) {
      await tx.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, inApp: true, email: false },
        update: { email: false, updatedAt: new Date() },
      });
    }
  });
  return { unsubscribed: true };
}
