import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RATE_LIMITS, type RateLimitName, type RateLimitRule } from "./limits";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  policy: string;
}

export interface RateLimiterRegistry {
  /** Spends `points` (default 1) of the named budget under `key`. */
  consume(name: RateLimitName, key: string, points?: number): Promise<RateLimitDecision>;
  /** The budget's state without spending from it (a spent budget reads as not allowed). */
  peek(name: RateLimitName, key: string): Promise<RateLimitDecision>;
  /** Forgets what `key` spent (e.g. a device's failed sign-ins after it signs in). */
  reset(name: RateLimitName, key: string): Promise<void>;
  rule(name: RateLimitName): RateLimitRule;
}

export interface RateLimiterRegistryOptions {
  redis?: Redis;
  /** Multiplies every limit's points (tests lower limits with a small scale; never to zero). */
  scale?: number;
  /** Replaces single rules (tests); the names stay the table's. */
  overrides?: Partial<Record<RateLimitName, Partial<RateLimitRule>>>;
}

/**
 * One limiter per class from RATE_LIMITS. With Redis, counters are shared by
 * every API instance; an in-memory insurance limiter takes over while Redis
 * is unreachable so an outage degrades to per-instance limits, not to none.
 */
export function createRateLimiterRegistry(options: RateLimiterRegistryOptions = {}): RateLimiterRegistry {
  const scale = options.scale ?? 1;
  const rules = new Map<RateLimitName, RateLimitRule>();
  const limiters = new Map<RateLimitName, RateLimiterAbstract>();

  for (const name of Object.keys(RATE_LIMITS) as RateLimitName[]) {
    const base: RateLimitRule = { ...RATE_LIMITS[name], ...options.overrides?.[name] };
    const rule = { ...base, points: Math.max(1, Math.floor(base.points * scale)) };
    rules.set(name, rule);
    const common = { keyPrefix: `rl:${name}`, points: rule.points, duration: rule.durationSeconds };
    limiters.set(
      name,
      options.redis
        ? new RateLimiterRedis({
            ...common,
            storeClient: options.redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(common),
          })
        : new RateLimiterMemory(common),
    );
  }

  return {
    rule: (name) => rules.get(name)!,
    async peek(name, key) {
      const rule = rules.get(name)!;
      const res = await limiters.get(name)!.get(key);
      const spent = res?.consumedPoints ?? 0;
      return {
        allowed: spent < rule.points,
        limit: rule.points,
        remaining: Math.max(0, rule.points - spent),
        resetSeconds: res ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : rule.durationSeconds,
        policy: `${rule.points};w=${rule.durationSeconds}`,
      };
    },
    async reset(name, key) {
      await limiters.get(name)!.delete(key);
    },
    async consume(name, key, points = 1) {
      const rule = rules.get(name)!;
      const limiter = limiters.get(name)!;
      const policy = `${rule.points};w=${rule.durationSeconds}`;
      try {
        const res = await limiter.consume(key, points);
        return {
          allowed: true,
          limit: rule.points,
          remaining: res.remainingPoints,
          resetSeconds: Math.ceil(res.msBeforeNext / 1000),
          policy,
        };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return {
          allowed: false,
          limit: rule.points,
          remaining: 0,
          resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          policy,
        };
      }
    },
  };
}

/** IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) plus Retry-After on refusal. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
    "RateLimit-Policy": decision.policy,
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.resetSeconds);
  return headers;
}
