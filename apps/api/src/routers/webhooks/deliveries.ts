import { listWebhookDeliveriesInputSchema, webhookDeliveryPageSchema } from "@agency/validators";
import { listWebhookDeliveries } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** An endpoint's delivery log, newest first, cursor-paginated. */
export const listWebhookDeliveriesProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "read" })
  .input(listWebhookDeliveriesInputSchema)
  .output(webhookDeliveryPageSchema)
  .query(({ ctx, input }) => listWebhookDeliveries(ctx.scope, input));
