/**
 * Every rate limit of the API, in one table. Procedures name a class; the
 * limiter registry builds one limiter per class (Redis-backed when REDIS_URL
 * is set, so limits hold across instances).
 */
export const RATE_LIMITS = {
  /** Reads: lists, gets, status. */
  read: { points: 600, durationSeconds: 60, per: "actorOrIp" },
  /** Writes: creates, updates, deletes. */
  write: { points: 120, durationSeconds: 60, per: "actorOrIp" },
  /** Sign-in, sign-up, password changes from one IP: brute-force protection. */
  auth: { points: 10, durationSeconds: 60, per: "ip" },
  /** Sign-in attempts against one account from anywhere: stops distributed guessing. */
  authAccount: { points: 10, durationSeconds: 900, per: "explicitKey" },
  /** AI assistant calls: expensive. */
  ai: { points: 20, durationSeconds: 60, per: "actorOrIp" },
  /** Long-lived subscriptions opened. */
  subscribe: { points: 60, durationSeconds: 60, per: "actorOrIp" },
} as const satisfies Record<string, RateLimitRule>;

export interface RateLimitRule {
  points: number;
  durationSeconds: number;
  /**
   * Whose budget a call spends: the signed-in actor (else the IP), always the IP, or a key
   * the procedure passes to enforceRateLimit (e.g. the account a sign-in targets).
   */
  per: "actorOrIp" | "ip" | "explicitKey";
}

export type RateLimitName = keyof typeof RATE_LIMITS;
