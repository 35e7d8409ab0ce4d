import type { EventScope } from "./emit-event";

/**
 * THE hand-over point to the job queue: called inside the business transaction with the ids of
 * deliveries that just became due (new events, test events, redeliveries). Until the queue lands
 * it does nothing — the in-process driver polls the outbox for due rows. With pg-boss, this body
 * becomes `for (const deliveryId of deliveryIds) await enqueue(scope, "webhook.deliver", { deliveryId })`,
 * so each job commits or rolls back with its delivery row.
 */
export async function deliveriesDue(scope: EventScope, deliveryIds: readonly string[]): Promise<void> {
  void scope;
  void deliveryIds;
}
