import { z } from "zod";

export const openedSessionSchema = z.object({ userId: z.uuid(), sessionId: z.uuid(), expiresAt: z.iso.datetime() });

export function toOpenedSession(session: { userId: string; sessionId: string; expiresAt: Date }) {
  return { ...session, expiresAt: session.expiresAt.toISOString() };
}
