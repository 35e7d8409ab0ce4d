import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { AppError } from "../errors/app-error";

/** Concurrent subscriptions one session (or, without a session, one address) may hold open. */
export const MAX_STREAMS_PER_SESSION = 8;
/** Concurrent subscriptions one user may hold open across all their sessions and devices. */
export const MAX_STREAMS_PER_USER = 16;
/** Signed-out streams (the public heartbeat) per client address: offices share one behind NAT. */
export const MAX_STREAMS_PER_ADDRESS = 32;
/** A lease not renewed within this time (its process died) stops counting. */
const LEASE_TTL_MS = 60_000;

export interface StreamOwner {
  /** `session:<id>` the stream was opened with, or `ip:<address>` when there is none. */
  connection: string;
  userId?: string | null;
}

export interface StreamLease {
  release(): void;
}

export interface StreamRegistry {
  /** Takes a slot for one open stream, or throws RATE_LIMITED when the owner holds too many. */
  open(owner: StreamOwner): Promise<StreamLease>;
  close(): Promise<void>;
}

const keysOf = (owner: StreamOwner) => [
  owner.connection.startsWith("ip:")
    ? { key: `streams:${owner.connection}`, cap: MAX_STREAMS_PER_ADDRESS, what: "this address" }
    : { key: `streams:${owner.connection}`, cap: MAX_STREAMS_PER_SESSION, what: "this session" },
  ...(owner.userId ? [{ key: `streams:user:${owner.userId}`, cap: MAX_STREAMS_PER_USER, what: "your account" }] : []),
];

const tooMany = (what: string, cap: number) =>
  new AppError("RATE_LIMITED", `Too many live connections for ${what} (at most ${cap}). Close another tab or window and try again.`, {
    limit: "streams",
    maxStreams: cap,
    retryAfterSeconds: 5,
  });

/** One process's count: enough for a single instance, and the fallback while Redis is unreachable. */
export function createMemoryStreamRegistry(): StreamRegistry & { count(key: string): number } {
  const open = new Map<string, Set<string>>();
  return {
    count: (key) => open.get(key)?.size ?? 0,
    async open(owner) {
      const keys = keysOf(owner);
      for (const { key, cap, what } of keys) if ((open.get(key)?.size ?? 0) >= cap) throw tooMany(what, cap);
      const id = randomUUID();
      for (const { key } of keys) {
        const set = open.get(key) ?? new Set<string>();
        set.add(id);
        open.set(key, set);
      }
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          for (const { key } of keys) {
            const set = open.get(key);
            set?.delete(id);
            if (set?.size === 0) open.delete(key);
          }
        },
      };
    },
    async close() {
      open.clear();
    },
  };
}

// Atomically: drop expired leases, refuse when any key is at its cap, else add the lease to all.
const OPEN_SCRIPT = `
local now = tonumber(ARGV[1])
local expires = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZCARD', key) >= tonumber(ARGV[3 + i]) then return i end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, expires, ARGV[3])
  redis.call('PEXPIRE', key, ${LEASE_TTL_MS * 2})
end
return 0`;

/**
 * Shared by every API instance: each open stream is a lease (sorted-set member scored by its
 * expiry) under its session's and its user's keys, renewed while the stream lives, removed when
 * it ends; a crashed instance's leases expire. While Redis is unreachable, counts fall back to
 * this process.
 */
export function createRedisStreamRegistry(redis: Redis): StreamRegistry {
  const fallback = createMemoryStreamRegistry();
  const leases = new Map<string, string[]>();
  const renew = setInterval(() => {
    const expires = Date.now() + LEASE_TTL_MS;
    for (const [id, keys] of leases) for (const key of keys) void redis.zadd(key, "XX", expires, id).catch(() => undefined);
  }, LEASE_TTL_MS / 3);
  renew.unref();
  return {
    async open(owner) {
      const keys = keysOf(owner);
      const id = randomUUID();
      let refusedAt: number;
      try {
        const now = Date.now();
        refusedAt = Number(
          await redis.eval(OPEN_SCRIPT, keys.length, ...keys.map((k) => k.key), now, now + LEASE_TTL_MS, id, ...keys.map((k) => k.cap)),
        );
      } catch {
        return fallback.open(owner);
      }
      if (refusedAt > 0) {
        const refused = keys[refusedAt - 1]!;
        throw tooMany(refused.what, refused.cap);
      }
      leases.set(id, keys.map((k) => k.key));
      return {
        release() {
          if (!leases.delete(id)) return;
          for (const { key } of keys) void redis.zrem(key, id).catch(() => undefined);
        },
      };
    },
    async close() {
      clearInterval(renew);
      const open = [...leases.entries()];
      leases.clear();
      await Promise.all(open.flatMap(([id, keys]) => keys.map((key) => redis.zrem(key, id).catch(() => 0))));
    },
  };
}
