import type { PrismaClient } from "@agency/db";
import type { ClientOrigin } from "../service-context";

export type { ClientOrigin };

const HOUR_MS = 3_600_000;
// Rolling refresh writes at most once per interval per session, not on every request.
const REFRESH_AFTER_MS = 5 * 60_000;

export interface SessionOptions {
  ttlHours: number;
}

/** Creates a session row for a user who just proved who they are. */
export async function createSession(
  db: Pick<PrismaClient, "session">,
  input: { userId: string; origin: ClientOrigin; ttlHours: number },
) {
  return db.session.create({
    data: {
      userId: input.userId,
      expiresAt: new Date(Date.now() + input.ttlHours * HOUR_MS),
      ip: input.origin.ip ?? null,
      userAgent: input.origin.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true, expiresAt: true },
  });
}

/**
 * The user behind a session id, if the session is neither revoked nor
 * expired. Used on every request, before any identity exists, so it runs on
 * the API's own connection (not under RLS). Rolls the expiry forward.
 */
export async function resolveSession(prisma: PrismaClient, sessionId: string, options: SessionOptions) {
  const session = await prisma.session.findUnique({
    where: { id: sessionId },
    select: { id: true, userId: true, revokedAt: true, expiresAt: true, lastSeenAt: true },
  });
  const now = Date.now();
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > REFRESH_AFTER_MS) {
    await prisma.session.updateMany({
      where: { id: session.id, revokedAt: null },
      data: { lastSeenAt: new Date(now), expiresAt: new Date(now + options.ttlHours * HOUR_MS) },
    });
  }
  return { sessionId: session.id, userId: session.userId };
}
