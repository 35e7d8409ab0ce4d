import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";
import { int4, storableString, text } from "./primitives";

/**
 * Every event an organization's webhooks and Slack connection can subscribe to. Payloads are
 * versioned (`version: 1`); a breaking change adds a version, never edits one.
 */
export const WEBHOOK_EVENT_TYPES = [
  "client.created",
  "client.updated",
  "client.deleted",
  "client.restored",
  "project.created",
  "project.updated",
  "project.deleted",
  "project.restored",
  "task.created",
  "task.updated",
  "task.moved",
  "task.deleted",
  "task.restored",
  "comment.created",
  "member.added",
  "member.role_changed",
  "member.removed",
] as const;
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;
/** What "send test event" sends; never subscribable. */
export const WEBHOOK_PING_EVENT = "ping";

/** The JSON body of every delivery (and what Slack messages are written from). */
export const webhookEventSchema = z.object({
  id: z.uuid(),
  type: z.union([webhookEventTypeSchema, z.literal(WEBHOOK_PING_EVENT)]),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  orgId: z.uuid(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

const eventTypesSchema = z
  .array(webhookEventTypeSchema)
  .min(1, "Choose at least one event")
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, "Each event only once");

/** An http(s) URL; the API adds the network rules (no private targets, allowed ports). */
export const webhookUrlSchema = storableString()
  .trim()
  .min(1, "Enter the endpoint's URL")
  .max(2048, "The URL must be at most 2048 characters")
  .pipe(z.url({ protocol: /^https?$/, message: "Enter an http:// or https:// URL" }));

const descriptionSchema = text({ max: 500, maxMessage: "The description must be at most 500 characters" });

export const createWebhookInputSchema = orgIdInputSchema.extend({
  url: webhookUrlSchema,
  description: descriptionSchema.default(""),
  eventTypes: eventTypesSchema,
});

export const webhookEndpointIdInputSchema = orgIdInputSchema.extend({ endpointId: z.uuid() });

export const updateWebhookInputSchema = webhookEndpointIdInputSchema.extend({
  patch: z
    .object({
      url: webhookUrlSchema.optional(),
      description: descriptionSchema.optional(),
      eventTypes: eventTypesSchema.optional(),
      enabled: z.boolean().optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, "Change at least one field"),
});

export const rotateWebhookSecretInputSchema = webhookEndpointIdInputSchema.extend({
  /** How long deliveries keep carrying the old secret's signature beside the new one (0: none). */
  overlapHours: int4({ min: 0, max: 168 }).default(24),
});

export const listWebhookDeliveriesInputSchema = webhookEndpointIdInputSchema.extend(pageInputSchema.shape);
export const webhookDeliveryIdInputSchema = orgIdInputSchema.extend({ deliveryId: z.uuid() });

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(webhookEventTypeSchema),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.iso.datetime().nullable(),
  failureStreak: z.number().int(),
  /** Until when deliveries also carry the previous secret's signature (a rotation's overlap). */
  previousSecretExpiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookEndpointDto = z.infer<typeof webhookEndpointSchema>;
export const webhookEndpointListSchema = z.array(webhookEndpointSchema);

/** The signing secret appears in exactly these answers (create, rotate) and never again. */
export const webhookEndpointWithSecretSchema = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });

export const webhookDeliveryStatusSchema = z.enum(["pending", "succeeded", "failed", "dead"]);
export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  status: webhookDeliveryStatusSchema,
  attemptCount: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  lastStatusCode: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  responseSnippet: z.string().nullable(),
  errorClass: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;
export const webhookDeliveryPageSchema = z.object({
  items: z.array(webhookDeliverySchema),
  nextCursor: z.string().nullable(),
});
export const webhookDeletedSchema = z.object({ deleted: z.literal(true) });

// ── Slack ───────────────────────────────────────────────────────────────────────────────────

/** A Slack incoming-webhook URL; the API requires https://hooks.slack.com/… outside its private-target allowlist. */
export const slackWebhookUrlSchema = webhookUrlSchema;

export const connectSlackInputSchema = orgIdInputSchema.extend({
  url: slackWebhookUrlSchema,
  eventTypes: eventTypesSchema,
});
export const updateSlackInputSchema = orgIdInputSchema.extend({
  patch: z
    .object({ eventTypes: eventTypesSchema.optional(), enabled: z.boolean().optional() })
    .refine((patch) => Object.keys(patch).length > 0, "Change at least one field"),
});
export const slackConnectionSchema = z.object({
  id: z.uuid(),
  /** Host and path start of the URL; the rest is a secret and never leaves the API. */
  urlHint: z.string(),
  eventTypes: z.array(webhookEventTypeSchema),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SlackConnectionDto = z.infer<typeof slackConnectionSchema>;
export const slackConnectionOrNullSchema = slackConnectionSchema.nullable();
export const slackDisconnectedSchema = z.object({ disconnected: z.literal(true) });
