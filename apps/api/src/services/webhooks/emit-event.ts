import { Prisma } from "@agency/db";
import type { WebhookEventType } from "@agency/validators";
import { randomUUID } from "node:crypto";
import type { TenantScope } from "../scope";
import { deliveriesDue } from "./deliveries-due";

/** What emitting needs of a scope: the call's transaction and its organization. */
export type EventScope = Pick<TenantScope, "tx" | "actor"> & { org: { id: string } };

/**
 * Records an outbound event in the caller's transaction: one `webhook_deliveries` row (the
 * outbox) per enabled endpoint subscribed to `type` and for the Slack connection when it chose
 * it — so a delivery exists if and only if the change commits. One INSERT … SELECT whatever the
 * number of targets; for an organization without any it reads one index and inserts nothing.
 * `data` holds ids and the changed fields; the acting user's id is added as `actorId`.
 */
export async function emitEvent(scope: EventScope, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
  const id = randomUUID();
  const payload = {
    id,
    type,
    version: 1,
    createdAt: new Date().toISOString(),
    orgId: scope.org.id,
    data: { ...data, actorId: scope.actor.userId },
  };
  const created = await scope.tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO webhook_deliveries (id, org_id, endpoint_id, slack_connection_id, event_id, event_type, payload, updated_at)
    SELECT gen_random_uuid(), target.org_id, target.endpoint_id, target.slack_connection_id,
           ${id}::uuid, ${type}, ${JSON.stringify(payload)}::jsonb, now()
      FROM (SELECT org_id, id AS endpoint_id, NULL::uuid AS slack_connection_id
              FROM webhook_endpoints
             WHERE org_id = ${scope.org.id}::uuid AND enabled AND ${type} = ANY (event_types)
            UNION ALL
            SELECT org_id, NULL::uuid, id
              FROM slack_connections
             WHERE org_id = ${scope.org.id}::uuid AND enabled AND ${type} = ANY (event_types)) AS target
    RETURNING id`);
  if (created.length) await deliveriesDue(scope, created.map((row) => row.id));
}
