import { sql } from "@agency/db";
import { createHash } from "node:crypto";
import { configure } from "safe-stable-stringify";
import { AppError } from "../errors/app-error";
import type { TenantScope } from "../services/scope";
import type { HeaderReader } from "./context";

/**
 * Idempotency keys for org mutations (tRPC by header; REST POSTs run the same procedures).
 *
 * A client that may retry a mutation (a timeout, a dropped connection) sends
 * `Idempotency-Key: <1–255 printable ASCII>`. Per organization, actor and key, within 24 h:
 * - the first call runs; if it succeeds, its output is stored IN THE SAME TRANSACTION as the
 *   business write and its audit entry — all three commit or roll back together, so a failed
 *   call stores nothing and the key can be used again;
 * - the same key with the same request (procedure path + canonical JSON of the raw input)
 *   gets the stored output again, without running the procedure, with `Idempotent-Replayed: true`;
 * - the same key with a different request → 422 UNPROCESSABLE;
 * - the same key while the first call is still in flight → 409 CONFLICT (retry later).
 * Expired rows count as absent (and are replaced); the trash purge deletes them.
 *
 * Only org procedures take keys: API clients (keys) act inside one organization, and the table's
 * row-level security is keyed on the verified organization. Account mutations (authedProcedure)
 * are reached only by browser sessions, whose client sends no keys; most are idempotent by nature
 * (profile, sign-out, revoke) or single-use (invitation accept). organizations.create is not: if
 * machine clients ever reach it, give this table a nullable org and a user-only policy.
 */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
export const IDEMPOTENT_REPLAYED_HEADER = "idempotent-replayed";
/** How long a stored answer can be replayed (and blocks the key for a different request). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** Printable ASCII (space included), like Stripe's keys; at most 255 characters. */
const KEY_FORMAT = /^[\x20-\x7e]{1,255}$/;

/** Sorted keys at every level (the library pino uses), so `{a,b}` and `{b,a}` fingerprint alike. */
const canonicalJson = configure({ deterministic: true, bigint: true, circularValue: TypeError });

/** The header's key, null when absent; a malformed key is refused (400), never ignored. */
export function readIdempotencyKey(headers: HeaderReader): string | null {
  const key = headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return null;
  if (!KEY_FORMAT.test(key)) {
    throw new AppError("BAD_REQUEST", "The Idempotency-Key header must be 1–255 printable ASCII characters.", {
      header: "Idempotency-Key",
    });
  }
  return key;
}

/** SHA-256 (hex) of the procedure path and the canonical JSON of the raw input. */
export function requestFingerprint(path: string, rawInput: unknown): string {
  return createHash("sha256")
    .update(path)
    .update("\n")
    .update(canonicalJson(rawInput) ?? "")
    .digest("hex");
}

/** A signed 64-bit advisory lock key for (org, actor, key): the in-flight marker of a call. */
function lockKey(orgId: string, actorId: string, key: string): string {
  return createHash("sha256").update(`${orgId}\n${actorId}\n${key}`).digest().readBigInt64BE(0).toString();
}

export interface IdempotentCall {
  scope: TenantScope;
  headers: HeaderReader;
  responseHeaders: Headers;
  path: string;
  getRawInput: () => Promise<unknown>;
}

/**
 * tRPC has no public way for a middleware to answer without calling next(); this is the
 * object next() resolves to on success (@trpc/server 11, callRecursive). Covered by the
 * replay tests, which would fail if tRPC changed it.
 */
function answered<R>(data: unknown): R {
  return { marker: "middlewareMarker", ok: true, data } as unknown as R;
}

/**
 * Runs a mutation of an org procedure under its Idempotency-Key, if it has one, inside the
 * call's tenant transaction (`scope.sql` works for Prisma and sqlOnly procedures alike).
 */
export async function idempotent<R extends { ok: boolean; data?: unknown }>(
  call: IdempotentCall,
  next: () => Promise<R>,
): Promise<R> {
  const key = readIdempotencyKey(call.headers);
  if (key === null) return next();
  const { sql: db, org, actor } = call.scope;
  const fingerprint = requestFingerprint(call.path, await call.getRawInput());

  // Held until this transaction ends: a duplicate arriving meanwhile does not wait on it.
  const lock = await db.first(
    sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${lockKey(org.id, actor.userId, key)}::bigint) AS locked`,
  );
  if (!lock?.locked) {
    throw new AppError(
      "CONFLICT",
      "A request with this Idempotency-Key is still in progress. Retry after it has finished.",
      { header: "Idempotency-Key", reason: "in_flight" },
    );
  }

  const stored = await db.first(
    sql<{ fingerprint: string; procedure: string; response: unknown }>`
      SELECT fingerprint, procedure, response FROM idempotency_keys
       WHERE org_id = ${org.id} AND actor_id = ${actor.userId} AND key = ${key} AND expires_at > now()`,
  );
  if (stored) {
    if (stored.fingerprint !== fingerprint) {
      throw new AppError(
        "UNPROCESSABLE",
        "This Idempotency-Key was already used for a different request in the last 24 hours. Use a new key for a new request.",
        { header: "Idempotency-Key", reason: "key_reused", procedure: stored.procedure },
      );
    }
    call.responseHeaders.set(IDEMPOTENT_REPLAYED_HEADER, "true");
    return answered<R>(stored.response ?? undefined);
  }

  const result = await next();
  if (!result.ok) return result;
  // The output as it goes over the wire (no transformer: JSON), so a replay sends the same body.
  const response = JSON.stringify(result.data) ?? null;
  const recorded = await db.run(sql`
    INSERT INTO idempotency_keys (org_id, actor_id, key, procedure, fingerprint, response, expires_at)
    VALUES (${org.id}, ${actor.userId}, ${key}, ${call.path}, ${fingerprint}, ${response}::json,
            now() + make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS}))
    ON CONFLICT (org_id, actor_id, key) DO UPDATE
       SET procedure = EXCLUDED.procedure, fingerprint = EXCLUDED.fingerprint, response = EXCLUDED.response,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
     WHERE idempotency_keys.expires_at <= now()`);
  // Only an expired row may be replaced; a live one here means the lock did not hold (never
  // expected): refuse, which rolls the mutation back, rather than answer twice for one key.
  if (recorded !== 1) {
    throw new AppError(
      "CONFLICT",
      "A request with this Idempotency-Key completed concurrently. Retry to get its answer.",
      {
        header: "Idempotency-Key",
        reason: "in_flight",
      },
    );
  }
  return result;
}
