/**
 * Every rate limit of the API, in one table. Procedures name a class (`meta.limit`); the
 * limiter registry builds one limiter per class (Redis-backed when REDIS_URL is set, so
 * limits hold across instances). Classes keyed per `actorOrIp`/`ip` are charged at the HTTP
 * edge before any work; `explicitKey` classes are spent by the procedure with its own key.
 */
export const RATE_LIMITS = {
  /** Reads: lists, gets, status. */
  read: { points: 600, durationSeconds: 60, per: "actorOrIp" },
  /** Writes: creates, updates, deletes. */
  write: { points: 120, durationSeconds: 60, per: "actorOrIp" },
  /** Sign-in, sign-up, password reset and change, invitation accepts from one client address. */
  auth: { points: 10, durationSeconds: 60, per: "ip" },
  /**
   * Failed sign-ins against one account from clients without its device cookie (OWASP
   * device cookies): past it, untrusted clients are refused for this account; the owner's
   * known browsers (authDevice) are not.
   */
  authAccount: { points: 10, durationSeconds: 900, per: "explicitKey" },
  /** Failed sign-ins from one device cookie: past it, that cookie is no longer trusted for a while. */
  authDevice: { points: 10, durationSeconds: 900, per: "explicitKey" },
  /** Emails the auth flows send to one address (sign-up notices, verification and reset links). */
  authMail: { points: 3, durationSeconds: 3600, per: "explicitKey" },
  /** AI assistant calls: expensive. */
  ai: { points: 20, durationSeconds: 60, per: "actorOrIp" },
  /** Long-lived subscriptions opened. */
  subscribe: { points: 60, durationSeconds: 60, per: "actorOrIp" },
} as const satisfies Record<string, RateLimitRule>;

export interface RateLimitRule {
  points: number;
  durationSeconds: number;
  /**
   * Whose budget a call spends: the caller's API key or session (else the user an in-process
   * caller vouches for, else the client address) — a key has its own budget per class, keyed by
   * the public id in its token, so a busy integration does not spend its creator's, always the client address, or a key the procedure
   * passes to enforceRateLimit (e.g. the account a sign-in targets).
   */
  per: "actorOrIp" | "ip" | "explicitKey";
}

export type RateLimitName = keyof typeof RATE_LIMITS;
