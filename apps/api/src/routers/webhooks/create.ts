import { createWebhookInputSchema, webhookEndpointWithSecretSchema } from "@agency/validators";
import { createWebhookEndpoint } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** Registers an endpoint; the answer carries its signing secret, shown this once. */
export const createWebhookEndpointProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write", revealsSecret: true })
  .input(createWebhookInputSchema)
  .output(webhookEndpointWithSecretSchema)
  .mutation(({ ctx, input }) => createWebhookEndpoint(ctx.scope, ctx.integrations, input));
