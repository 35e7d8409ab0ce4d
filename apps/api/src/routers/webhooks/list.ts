import { orgIdInputSchema, webhookEndpointListSchema } from "@agency/validators";
import { listWebhookEndpoints } from "../../services/webhooks/endpoints";
import { orgProcedure } from "../../trpc/trpc";

/** The organization's webhook endpoints (newest first). */
export const listWebhookEndpointsProcedure = orgProcedure
  .meta({ permission: "integration:manage", limit: "read" })
  .input(orgIdInputSchema)
  .output(webhookEndpointListSchema)
  .query(({ ctx }) => listWebhookEndpoints(ctx.scope));
