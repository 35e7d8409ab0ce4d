import type { Database } from "@agency/db";
import type { JobSender } from "../../jobs/runner";
import { deliverWebhook, type DeliveryDeps, type DeliveryOutcome } from "./deliver";

/** A delivery overdue by more than this has lost its job (the sweeper sends a new one). */
export const SWEEP_OVERDUE_MS = 60_000;

/**
 * Claims due rows of the outbox (`next_attempt_at <= now − overdueMs`, FOR UPDATE SKIP LOCKED, so
 * two sweeps never take the same row) by pushing their `next_attempt_at` a lease into the future:
 * a claimed row whose job is lost again is offered again once the lease has run out. The delivery
 * handler records each attempt and sets the next due time itself.
 */
export async function claimDueDeliveries(
  db: Database,
  options: { now?: Date; overdueMs?: number; limit?: number; leaseMs?: number } = {},
): Promise<{ id: string; orgId: string }[]> {
  const now = options.now ?? new Date();
  const dueBefore = new Date(now.getTime() - (options.overdueMs ?? 0));
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  return db.maintenance(
    ({ tx }) =>
      tx.$queryRaw<{ id: string; orgId: string }[]>`
      UPDATE webhook_deliveries SET next_attempt_at = ${leaseUntil}
       WHERE id IN (SELECT id FROM webhook_deliveries
                     WHERE next_attempt_at <= ${dueBefore}
                     ORDER BY next_attempt_at
                     LIMIT ${options.limit ?? 10}
                     FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id AS "orgId"`,
  );
}

/**
 * The `webhook.sweep` job (every minute, one at a time): every delivery still due more than a
 * minute after its time gets a new `webhook.deliver` job. Normally each due delivery has its job
 * (enqueued with the change, or sent by the worker as the retry); this covers a worker that died
 * between recording an attempt and sending the retry, and a job lost in any other way.
 */
export async function sweepDueDeliveries(
  db: Database,
  send: JobSender,
  options: { now?: Date; limit?: number } = {},
): Promise<{ enqueued: number }> {
  const claimed = await claimDueDeliveries(db, {
    now: options.now,
    overdueMs: SWEEP_OVERDUE_MS,
    limit: options.limit ?? 500,
  });
  for (const { id, orgId } of claimed) await send("webhook.deliver", { deliveryId: id }, { orgId });
  return { enqueued: claimed.length };
}

/**
 * Claims what is due now and attempts it in this process: tests drive deliveries with it (an
 * injected clock, no worker). Production delivers through the `webhook.deliver` queue only.
 */
export async function runDueDeliveries(
  deps: DeliveryDeps,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<{ id: string; outcome: DeliveryOutcome }[]> {
  const claimed = await claimDueDeliveries(deps.db, {
    now: deps.now?.(),
    limit: options.limit,
    leaseMs: options.leaseMs,
  });
  return Promise.all(claimed.map(async ({ id }) => ({ id, outcome: await deliverWebhook(deps, id) })));
}
