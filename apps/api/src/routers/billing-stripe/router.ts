import { router } from "../../trpc/trpc";
import { connectStripeProcedure } from "./connect";
import { disconnectStripeProcedure } from "./disconnect";
import { setStripeWebhookSecretProcedure } from "./set-webhook-secret";
import { stripeStatusProcedure } from "./status";

export const billingStripeRouter = router({
  status: stripeStatusProcedure,
  connect: connectStripeProcedure,
  setWebhookSecret: setStripeWebhookSecretProcedure,
  disconnect: disconnectStripeProcedure,
});
