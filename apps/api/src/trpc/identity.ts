import { z } from "zod";
import { isInternalCaller, SESSION_HEADER } from "../services/auth/internal-secret";
import { resolveSession } from "../services/auth/sessions";
import type { Actor, ApiDeps } from "./context";

const sessionIdSchema = z.uuid();

/**
 * Resolves who is calling, once per request. A session id is trusted only
 * when it arrives with the web server's internal secret (the browser never
 * sees either); the session must exist, be unrevoked and unexpired.
 */
export async function resolveActor(deps: Pick<ApiDeps, "prisma" | "auth">, headers: Headers): Promise<Actor | null> {
  const sessionId = headers.get(SESSION_HEADER);
  if (!sessionId || !sessionIdSchema.safeParse(sessionId).success) return null;
  if (!isInternalCaller(headers, deps.auth.internalSecret)) return null;
  const session = await resolveSession(deps.prisma, sessionId, { ttlHours: deps.auth.sessionTtlHours });
  return session ? { userId: session.userId, sessionId: session.sessionId } : null;
}
