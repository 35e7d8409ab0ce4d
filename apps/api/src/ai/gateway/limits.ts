import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { GatewayError } from "./errors";

export interface GatewayLimitRules {
  userRequestsPerMinute: number;
  orgRequestsPerMinute: number;
  userTokensPerMinute: number;
  orgTokensPerMinute: number;
}

/**
 * Per-user and per-organization requests and tokens per minute. Like the API's own limits
 * (rate-limit/limiter-registry.ts): shared through Redis when REDIS_URL is set, with an
 * in-memory insurance limiter while Redis is unreachable; in-memory alone without Redis.
 */
export class GatewayLimits {
  private readonly limiters: Record<"userRequests" | "orgRequests" | "userTokens" | "orgTokens", RateLimiterAbstract>;

  constructor(rules: GatewayLimitRules, redis?: Redis) {
    const make = (keyPrefix: string, points: number): RateLimiterAbstract => {
      const common = { keyPrefix, points, duration: 60 };
      return redis
        ? new RateLimiterRedis({ ...common, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(common) })
        : new RateLimiterMemory(common);
    };
    this.limiters = {
      userRequests: make("ai:req:user", rules.userRequestsPerMinute),
      orgRequests: make("ai:req:org", rules.orgRequestsPerMinute),
      userTokens: make("ai:tok:user", rules.userTokensPerMinute),
      orgTokens: make("ai:tok:org", rules.orgTokensPerMinute),
    };
  }

  /** Spends one request and the estimated input tokens; refuses with rate_limited naming the limit. */
  async admit(orgId: string, userId: string | null, estimatedTokens: number): Promise<void> {
    const spend = async (name: keyof GatewayLimits["limiters"], key: string, points: number, what: string) => {
      try {
        await this.limiters[name].consume(key, points);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new GatewayError("rate_limited", `Too many assistant ${what} in the last minute. Try again in ${retryAfterSeconds} s.`, {
          limit: name,
          retryAfterSeconds,
        });
      }
    };
    if (userId) await spend("userRequests", userId, 1, "requests from you");
    await spend("orgRequests", orgId, 1, "requests from your organization");
    if (userId) await spend("userTokens", userId, estimatedTokens, "tokens used by you");
    await spend("orgTokens", orgId, estimatedTokens, "tokens used by your organization");
  }

  /** Books tokens the call used beyond the estimate (never refuses: the call already happened). */
  async charge(orgId: string, userId: string | null, tokens: number): Promise<void> {
    if (tokens <= 0) return;
    const penalize = (limiter: RateLimiterAbstract, key: string) => limiter.penalty(key, tokens).catch(() => undefined);
    await Promise.all([userId ? penalize(this.limiters.userTokens, userId) : undefined, penalize(this.limiters.orgTokens, orgId)]);
  }
}
