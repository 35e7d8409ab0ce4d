import { router } from "../../trpc/trpc";
import { connectStripeProcedure } from "./connect";
import { disconnectStripeProcedure } from "./disconnect";
import { stripeEventsProcedure } from "./events";
import { setStripeWebhookSecretProcedure } from "./set-webhook-secret";
import { stripeStatusProcedure } from "./status";
import {
  sendStripeInvoiceProcedure,
  stripeCheckoutLinkProcedure,
  stripePortalLinkProcedure,
  syncStripeCustomerProcedure,
  syncStripeRetainerProcedure,
} from "./sync";

export const billingStripeRouter = router({
  status: stripeStatusProcedure,
  events: stripeEventsProcedure,
  connect: connectStripeProcedure,
  setWebhookSecret: setStripeWebhookSecretProcedure,
  disconnect: disconnectStripeProcedure,
  syncCustomer: syncStripeCustomerProcedure,
  syncRetainer: syncStripeRetainerProcedure,
  sendInvoice: sendStripeInvoiceProcedure,
  checkoutLink: stripeCheckoutLinkProcedure,
  portalLink: stripePortalLinkProcedure,
});
