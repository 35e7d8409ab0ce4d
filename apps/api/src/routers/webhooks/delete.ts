import { webhookEndpointIdInputSchema, webhookDeletedSchema } from "@agency/validators";
import { deleteWebhookEndpoint } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** Deletes the endpoint and its delivery log. */
export const deleteWebhookEndpointProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(webhookEndpointIdInputSchema)
  .output(webhookDeletedSchema)
  .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.scope, input.endpointId));
