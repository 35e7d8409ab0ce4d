import { rotateWebhookSecretInputSchema, webhookEndpointWithSecretSchema } from "@agency/validators";
import { rotateWebhookSecret } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** A new signing secret (shown once); the old one keeps signing during the overlap. */
export const rotateWebhookSecretProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "write", revealsSecret: true })
  .input(rotateWebhookSecretInputSchema)
  .output(webhookEndpointWithSecretSchema)
  .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.scope, ctx.integrations, input));
