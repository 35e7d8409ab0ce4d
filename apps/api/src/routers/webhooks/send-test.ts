import { webhookEndpointIdInputSchema, webhookDeliverySchema } from "@agency/validators";
import { sendWebhookTest } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** Queues a `ping` event to the endpoint. */
export const sendWebhookTestProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(webhookEndpointIdInputSchema)
  .output(webhookDeliverySchema)
  .mutation(({ ctx, input }) => sendWebhookTest(ctx.scope, input.endpointId));
