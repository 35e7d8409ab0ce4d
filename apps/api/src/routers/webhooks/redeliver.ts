import { webhookDeliveryIdInputSchema, webhookDeliverySchema } from "@agency/validators";
import { redeliverWebhook } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** Queues one more attempt of a delivery, same event id and body. */
export const redeliverWebhookProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(webhookDeliveryIdInputSchema)
  .output(webhookDeliverySchema)
  .mutation(({ ctx, input }) => redeliverWebhook(ctx.scope, input.deliveryId));
