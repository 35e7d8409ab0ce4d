import { setStripeWebhookSecretInputSchema, stripeStatusSchema } from "@agency/validators";
import { setStripeWebhookSecret } from "../../billing/stripe/connection";
import { orgProcedure } from "../../trpc/trpc";

/** Stores or rotates the webhook endpoint's signing secret (whsec_…); events signed with another are refused. */
export const setStripeWebhookSecretProcedure = orgProcedure
  .meta({ permission: "billing:manage", limit: "write" })
  .input(setStripeWebhookSecretInputSchema)
  .output(stripeStatusSchema)
  .mutation(({ ctx, input }) => setStripeWebhookSecret(ctx.scope, ctx.stripe, input));
