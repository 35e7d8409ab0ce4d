import { deliverWebhook, type DeliveryDeps, type DeliveryOutcome } from "./deliver";

/**
 * ─── TEMPORARY: the in-process delivery driver ───────────────────────────────────────────────
 * Until the pg-boss queue lands, each API process (and tests) drive deliveries with this: claim
 * due rows of the outbox (`next_attempt_at <= now`, FOR UPDATE SKIP LOCKED, so several instances
 * never take the same row) by pushing their `next_attempt_at` a lease into the future, then call
 * `deliverWebhook` for each; the handler records the attempt and sets the next due time itself
 * (the lease also re-offers a row whose process died mid-attempt). The queue replaces all of
 * this: a `webhook.deliver` job per delivery id (see the README, "Webhooks").
 */
export async function runDueDeliveries(
  deps: DeliveryDeps,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<{ id: string; outcome: DeliveryOutcome }[]> {
  const now = deps.now?.() ?? new Date();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  const claimed = await deps.db.maintenance(({ tx }) =>
    tx.$queryRaw<{ id: string }[]>`
      UPDATE webhook_deliveries SET next_attempt_at = ${leaseUntil}
       WHERE id IN (SELECT id FROM webhook_deliveries
                     WHERE next_attempt_at <= ${now}
                     ORDER BY next_attempt_at
                     LIMIT ${options.limit ?? 10}
                     FOR UPDATE SKIP LOCKED)
      RETURNING id`,
  );
  return Promise.all(claimed.map(async ({ id }) => ({ id, outcome: await deliverWebhook(deps, id) })));
}

/** Polls the outbox every `intervalMs` while the process runs; stop() waits for a round in flight. */
export function startInProcessDelivery(deps: DeliveryDeps, intervalMs = 1_000) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= runDueDeliveries(deps)
      .catch((error: Error) => deps.log?.warn({ error: { type: error.name, message: error.message } }, "webhook delivery round failed"))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
