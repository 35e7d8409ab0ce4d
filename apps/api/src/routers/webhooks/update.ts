import { updateWebhookInputSchema, webhookEndpointSchema } from "@agency/validators";
import { updateWebhookEndpoint } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** Changes URL, description, events, or enables/disables the endpoint. */
export const updateWebhookEndpointProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write" })
  .input(updateWebhookInputSchema)
  .output(webhookEndpointSchema)
  .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx.scope, ctx.integrations, input));
