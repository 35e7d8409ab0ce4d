import { recordAudit } from "@agency/db";
import type { Command } from "commander";
import type { JobEnvelope } from "../../jobs/envelope";
import type { JobPayloads } from "../../jobs/queues";
import { CliError, table } from "../context";
import type { CliRunner } from "../program";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `agency webhooks redeliver --delivery <id> | --endpoint <id> --dead`: one more attempt of a
 * delivery (any status), or of every dead delivery of an endpoint — as the Integrations page's
 * "Redeliver": same event id and body, due now. The rows are updated and audited in one
 * transaction, then each gets a `webhook.deliver` job (were a send to fail, the rows are due and
 * the worker's per-minute sweep enqueues them).
 */
export function registerWebhooks(program: Command, run: CliRunner) {
  const webhooks = program.command("webhooks").description("outbound webhook and Slack deliveries");
  webhooks
    .command("redeliver")
    .description("deliver again: one delivery (--delivery), or an endpoint's dead deliveries (--endpoint … --dead)")
    .option("--delivery <id>", "the delivery's id (any status)")
    .option("--endpoint <id>", "the endpoint's id (with --dead)")
    .option("--dead", "with --endpoint: every delivery that gave up after its last retry")
    .action((options: { delivery?: string; endpoint?: string; dead?: boolean }) =>
      run(async (ctx) => {
        if (Boolean(options.delivery) === Boolean(options.endpoint) || (options.endpoint && !options.dead)) {
          throw new CliError("Give either --delivery <id>, or --endpoint <id> --dead.", 2);
        }
        const id = (options.delivery ?? options.endpoint)!;
        if (!UUID.test(id)) throw new CliError(`Not an id: ${id}.`, 2);
        const where = options.delivery ? { id } : { endpointId: id, status: "dead" as const };
        if (
          options.endpoint &&
          !(await ctx.prisma.webhookEndpoint.findUnique({ where: { id }, select: { id: true } }))
        ) {
          throw new CliError(`No webhook endpoint ${id}.`);
        }
        const now = new Date();
        const rows = await ctx.prisma.$transaction(async (tx) => {
          const found = await tx.webhookDelivery.findMany({
            where,
            select: { id: true, orgId: true, endpointId: true, eventType: true, status: true, attemptCount: true },
            orderBy: { createdAt: "asc" },
          });
          if (found.length === 0) return found;
          await tx.webhookDelivery.updateMany({
            where: { id: { in: found.map((r) => r.id) } },
            data: { status: "pending", nextAttemptAt: now },
          });
          for (const row of found) {
            await recordAudit(tx, {
              action: "webhook.redelivered",
              orgId: row.orgId,
              actorUserId: null,
              target: { type: "webhook_delivery", id: row.id },
              metadata: { via: "cli", eventType: row.eventType, previousStatus: row.status },
            });
          }
          return found;
        });
        if (options.delivery && rows.length === 0) throw new CliError(`No webhook delivery ${id}.`);
        const boss = rows.length ? await ctx.boss() : null;
        for (const row of rows) {
          const data: JobEnvelope<JobPayloads["webhook.deliver"]> = {
            orgId: row.orgId,
            actorId: null,
            requestId: null,
            payload: { deliveryId: row.id },
          };
          await boss!.send("webhook.deliver", data);
        }
        const redelivered = rows.map((r) => ({
          id: r.id,
          endpointId: r.endpointId,
          eventType: r.eventType,
          previousStatus: r.status,
          attempts: r.attemptCount,
        }));
        ctx.print(
          { redelivered, total: redelivered.length },
          () =>
            `${table(redelivered, ["id", "eventType", "previousStatus", "attempts"])}\nQueued ${redelivered.length} delivery(ies) for one more attempt.`,
        );
      }),
    );
}
