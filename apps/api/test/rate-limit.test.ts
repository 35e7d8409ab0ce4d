import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRateLimiterRegistry } from "../src/rate-limit/limiter-registry";
import { RATE_LIMITS } from "../src/rate-limit/limits";
import { startTestApi, trpcMutation, type TestApi } from "./helpers/test-api";

let t: TestApi;
let base: string;
beforeAll(async () => {
  t = await startTestApi({ rateLimitOverrides: { write: { points: 3, durationSeconds: 60 } } });
  base = await t.listen();
});
afterAll(() => t.close());

describe("rate limiting over HTTP", () => {
  it("counts down in RateLimit headers, then answers 429 with Retry-After", async () => {
    const ip = { "x-request-id": "rate-limit-test-1" };
    const first = await trpcMutation(base, "system.echo", { message: "one" }, ip);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-limit")).toBe("3");
    expect(first.headers.get("ratelimit-remaining")).toBe("2");
    expect(first.headers.get("ratelimit-policy")).toBe("3;w=60");
    await trpcMutation(base, "system.echo", { message: "two" });
    await trpcMutation(base, "system.echo", { message: "three" });

    const refused = await trpcMutation(base, "system.echo", { message: "four" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused.body.error.data.code).toBe("RATE_LIMITED");
    expect(refused.body.error.details).toMatchObject({ limit: "write" });
  });

  it("keeps separate budgets per limit class", async () => {
    const read = await fetch(`${base}/trpc/system.status`);
    expect(read.status).toBe(200);
    expect(read.headers.get("ratelimit-limit")).toBe(String(RATE_LIMITS.read.points));
  });
});

describe("limiter registry", () => {
  it("keeps limiting in memory while Redis is unreachable", async () => {
    // Port 9 on loopback refuses at once: the insurance limiter must take over, not fail open.
    const redis = new Redis("redis://127.0.0.1:9", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    redis.on("error", () => {});
    const registry = createRateLimiterRegistry({ redis, overrides: { auth: { points: 2 } } });
    expect((await registry.consume("auth", "ip:1")).allowed).toBe(true);
    expect((await registry.consume("auth", "ip:1")).allowed).toBe(true);
    expect((await registry.consume("auth", "ip:1")).allowed).toBe(false);
    redis.disconnect();
  });

  it("scales every limit but never below one point", async () => {
    const registry = createRateLimiterRegistry({ scale: 0.0001 });
    expect(registry.rule("read").points).toBe(1);
    expect((await registry.consume("read", "k")).allowed).toBe(true);
    const refused = await registry.consume("read", "k");
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect((await registry.consume("read", "other")).allowed).toBe(true);
  });
});
