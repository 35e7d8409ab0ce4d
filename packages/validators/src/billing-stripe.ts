import { z } from "zod";
import { orgIdInputSchema } from "./organizations";

/**
 * Stripe connection per organization (README "Stripe"). The secret key and the webhook signing
 * secret go in once and never come back: the API answers with their last 4 characters only.
 */

/** A restricted key (`rk_…`, recommended) or a secret key (`sk_…`), test or live mode. */
export const stripeSecretKeySchema = z
  .string()
  .trim()
  .max(255, "A Stripe key is at most 255 characters.")
  .regex(/^(rk|sk)_(test|live)_[A-Za-z0-9]{8,240}$/, "Paste a Stripe restricted key (rk_test_… or rk_live_…) or secret key (sk_…).");

/** The endpoint's signing secret Stripe shows for the webhook (`whsec_…`). */
export const stripeWebhookSecretSchema = z
  .string()
  .trim()
  .max(255, "A signing secret is at most 255 characters.")
  .regex(/^whsec_[A-Za-z0-9+/=]{8,240}$/, "Paste the endpoint's signing secret from Stripe (whsec_…).");

export const connectStripeInputSchema = orgIdInputSchema.extend({
  secretKey: stripeSecretKeySchema,
  /** Optional at connect: it exists only once the webhook endpoint is created in Stripe. */
  webhookSecret: stripeWebhookSecretSchema.optional(),
});
export type ConnectStripeInput = z.infer<typeof connectStripeInputSchema>;

export const setStripeWebhookSecretInputSchema = orgIdInputSchema.extend({ webhookSecret: stripeWebhookSecretSchema });

export const stripeConnectionSchema = z.object({
  accountId: z.string(),
  accountName: z.string().nullable(),
  livemode: z.boolean(),
  keyKind: z.enum(["restricted", "secret"]),
  keyLast4: z.string(),
  webhookSecretSet: z.boolean(),
  webhookSecretLast4: z.string().nullable(),
  webhookSecretSetAt: z.iso.datetime().nullable(),
  connectedAt: z.iso.datetime(),
  connectedBy: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  /** The last verified event received, and how many wait to be applied. */
  lastEventAt: z.iso.datetime().nullable(),
  pendingEvents: z.number().int().min(0),
});
export type StripeConnectionDto = z.infer<typeof stripeConnectionSchema>;

export const stripeStatusSchema = z.object({
  connection: stripeConnectionSchema.nullable(),
  /** Path of this organization's webhook endpoint on the API (`/webhooks/stripe/<orgId>`). */
  webhookPath: z.string(),
  /** The events to select when creating the endpoint in Stripe. */
  webhookEvents: z.array(z.string()),
});
export type StripeStatusDto = z.infer<typeof stripeStatusSchema>;

export const stripeDisconnectedSchema = z.object({ disconnected: z.literal(true) });

/** The events Agency OS applies; every other verified event is stored and acknowledged. */
export const STRIPE_HANDLED_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "charge.refunded",
] as const;
export type StripeHandledEvent = (typeof STRIPE_HANDLED_EVENTS)[number];

export const stripeClientInputSchema = orgIdInputSchema.extend({ clientId: z.uuid("Unknown client") });
export const stripeInvoiceInputSchema = orgIdInputSchema.extend({ invoiceId: z.uuid("Unknown invoice") });
export const stripeRetainerInputSchema = orgIdInputSchema.extend({ retainerId: z.uuid("Unknown retainer") });

/** An outbound change queued for the worker (it retries with backoff until Stripe answers). */
export const stripeSyncQueuedSchema = z.object({ queued: z.boolean(), jobId: z.string().nullable() });
export const stripeLinkSchema = z.object({ url: z.url() });
export const stripeCustomerLinkSchema = z.object({ clientId: z.uuid(), stripeCustomerId: z.string().nullable() });

/** The last verified events received (newest first) and what applying each did. */
export const stripeEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  objectId: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  processedAt: z.iso.datetime().nullable(),
  /** payment_recorded, already_paid, retainer_past_due, refused_foreign_customer, ignored_unhandled_type, rejected_<code>… */
  outcome: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export const stripeEventListSchema = z.object({ items: z.array(stripeEventSchema) });
