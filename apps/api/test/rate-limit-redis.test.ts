import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { createRateLimiterRegistry } from "../src/rate-limit/limiter-registry";

// Needs a real Redis: CI sets TEST_REDIS_URL to the machine's local server. Without one the
// suite is reported as skipped (never silently passed): the in-memory path is covered elsewhere.
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.warn("rate-limit-redis: TEST_REDIS_URL is not set; the shared-Redis suite is skipped");

describe.skipIf(!redisUrl)("rate limits shared through Redis", () => {
  const clients: Redis[] = [];
  // Until a client is ready the registry counts in its in-memory insurance limiter, by design.
  const connect = async () => {
    const client = new Redis(redisUrl!, { enableOfflineQueue: false, connectTimeout: 2_000, commandTimeout: 1_000 });
    clients.push(client);
    await once(client, "ready");
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it("two API instances spend one budget", async () => {
    const instanceA = createRateLimiterRegistry({ redis: await connect(), overrides: { write: { points: 3 } } });
    const instanceB = createRateLimiterRegistry({ redis: await connect(), overrides: { write: { points: 3 } } });
    const key = `ip:test-${randomUUID()}`;
    await instanceA.consume("write", key);
    await instanceB.consume("write", key);
    expect((await instanceA.consume("write", key)).remaining).toBe(0);
    const refused = await instanceB.consume("write", key);
    expect(refused.allowed).toBe(false);
    expect(refused.resetSeconds).toBeGreaterThan(0);
  });
});
