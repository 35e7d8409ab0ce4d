import { enqueue } from "../../jobs/enqueue";
import type { EventScope } from "./emit-event";

/**
 * THE hand-over point to the job queue: called inside the business transaction with the ids of
 * deliveries that just became due (new events, test events, redeliveries). Each gets a
 * `webhook.deliver` job in the same transaction, so the job commits or rolls back with its row.
 */
export async function deliveriesDue(
  scope: EventScope & { request?: { requestId: string } },
  deliveryIds: readonly string[],
): Promise<void> {
  for (const deliveryId of deliveryIds) await enqueue(scope, "webhook.deliver", { deliveryId });
}
