import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import stringify from "safe-stable-stringify";

/** What a complete, successful answer is replayed from. Errors and partial streams are never stored. */
export interface CachedAnswer {
  text: string;
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
  route: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

export interface AnswerCache {
  get(key: string): Promise<CachedAnswer | null>;
  set(key: string, answer: CachedAnswer): Promise<void>;
}

/** The key covers the organization, the routes (models), the system prompt, every message (tool results included) and the tools offered. */
export function cacheKey(parts: { orgId: string; routes: readonly string[]; system: string | undefined; messages: unknown; tools: unknown }): string {
  return `ai:cache:${createHash("sha256").update(stringify(parts) ?? "").digest("hex")}`;
}

/** Redis-backed when REDIS_URL is set (shared by every instance), else a bounded in-process map. */
export function createAnswerCache(ttlSeconds: number, redis?: Redis, maxEntries = 1_000): AnswerCache {
  if (ttlSeconds <= 0) return { get: async () => null, set: async () => undefined };
  if (redis) {
    return {
      async get(key) {
        const raw = await redis.get(key).catch(() => null);
        return raw ? (JSON.parse(raw) as CachedAnswer) : null;
      },
      async set(key, answer) {
        await redis.set(key, JSON.stringify(answer), "EX", ttlSeconds).catch(() => undefined);
      },
    };
  }
  const entries = new Map<string, { answer: CachedAnswer; expiresAt: number }>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return null;
      }
      return entry.answer;
    },
    async set(key, answer) {
      entries.delete(key);
      entries.set(key, { answer, expiresAt: Date.now() + ttlSeconds * 1000 });
      // Oldest first (insertion order): drop past the bound.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
