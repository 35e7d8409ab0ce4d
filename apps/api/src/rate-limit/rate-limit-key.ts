import type { RateLimitRule } from "./limits";

/**
 * Whose budget a call spends, known before any database work: an API key's own budget (by the
 * public id in its token), the session the web server vouched for (or the user an in-process
 * caller vouches for), else the client's address.
 */
export function rateLimitKey(
  rule: RateLimitRule,
  who: { apiKeyId?: string | null; sessionId?: string | null; userId?: string | null; ip: string | null },
): string {
  const address = `ip:${who.ip ?? "unknown"}`;
  if (rule.per === "ip") return address;
  if (who.apiKeyId) return `apikey:${who.apiKeyId}`;
  if (who.sessionId) return `session:${who.sessionId}`;
  if (who.userId) return `user:${who.userId}`;
  return address;
}
