import * as billing from "../services";
import type { BillingServices } from "./billing-port";

/** The billing work's services, as the Stripe effects call them (one binding, checked by the compiler). */
export const billingServices: BillingServices = {
  createInvoice: billing.createInvoice,
  issueInvoice: billing.issueInvoice,
  recordPayment: billing.recordPayment,
  refundPayment: billing.refundPayment,
  voidInvoice: billing.voidInvoice,
  markUncollectible: billing.markUncollectible,
  applyRetainerStatus: billing.applyRetainerStatus,
  setRetainerStripeSubscription: billing.setRetainerStripeSubscription,
  setInvoiceStripeFields: billing.setInvoiceStripeFields,
  postJournalEntry: billing.postJournalEntry,
};
