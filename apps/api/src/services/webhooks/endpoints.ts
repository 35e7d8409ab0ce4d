import type { Prisma } from "@agency/db";
import {
  WEBHOOK_PING_EVENT,
  type WebhookDeliveryDto,
  type WebhookEndpointDto,
  type WebhookEventType,
} from "@agency/validators";
import { randomUUID } from "node:crypto";
import { AppError } from "../../errors/app-error";
import { decodeTimestampCursor, encodeCursor } from "../../lib/cursor";
import { assertAllowedUrl, TargetRefused } from "../../lib/outbound-target";
import { pageOf } from "../../lib/page";
import { SecretBoxUnavailable, type SealedSecret } from "../../lib/secret-box";
import { audited } from "../audit";
import type { TenantScope } from "../scope";
import { fieldError } from "../tasks/task-errors";
import { endpointSecretContext } from "./deliver";
import { deliveriesDue } from "./deliveries-due";
import type { IntegrationDeps } from "./integrations";
import { newSigningSecret } from "./signing";

/** Endpoints per organization: enough for real integrations, bounded for the emit query. */
export const MAX_ENDPOINTS_PER_ORG = 20;

const ENDPOINT_FIELDS = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  failureStreak: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.WebhookEndpointSelect;
type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT_FIELDS }>;

export function toEndpointDto(row: EndpointRow): WebhookEndpointDto {
  return {
    ...row,
    eventTypes: row.eventTypes as WebhookEventType[],
    disabledAt: row.disabledAt?.toISOString() ?? null,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const DELIVERY_FIELDS = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attemptCount: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  lastStatusCode: true,
  latencyMs: true,
  responseSnippet: true,
  errorClass: true,
  createdAt: true,
} as const satisfies Prisma.WebhookDeliverySelect;
type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof DELIVERY_FIELDS }>;

export function toDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    ...row,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The SSRF rules that need no DNS, as a 400 on the field (delivery re-checks with resolved addresses). */
export function assertTargetUrl(deps: IntegrationDeps, url: string, field = "url"): URL {
  try {
    return assertAllowedUrl(deps.policy, url);
  } catch (error) {
    if (error instanceof TargetRefused) throw fieldError(field, `This URL cannot receive events: ${error.message}.`);
    throw error;
  }
}

/** Seals a secret, or explains that this deployment cannot store secrets (no ENCRYPTION_KEYS). */
export function sealOrRefuse(deps: IntegrationDeps, plaintext: string, context: string): SealedSecret {
  try {
    return deps.box.seal(plaintext, context);
  } catch (error) {
    if (error instanceof SecretBoxUnavailable) {
      throw new AppError("SERVICE_UNAVAILABLE", "Integrations are not configured on this server (ENCRYPTION_KEYS is missing).");
    }
    throw error;
  }
}

const findEndpoint = async (scope: TenantScope, endpointId: string) => {
  const row = await scope.tx.webhookEndpoint.findFirst({ where: { id: endpointId, orgId: scope.org.id }, select: ENDPOINT_FIELDS });
  if (!row) throw new AppError("NOT_FOUND", "Webhook endpoint not found.");
  return row;
};

/** The audit trail records where events go by host only: paths and queries may carry tokens. */
const hostOf = (url: string) => new URL(url).host;

export async function listWebhookEndpoints(scope: TenantScope): Promise<WebhookEndpointDto[]> {
  const rows = await scope.tx.webhookEndpoint.findMany({
    where: { orgId: scope.org.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MAX_ENDPOINTS_PER_ORG,
    select: ENDPOINT_FIELDS,
  });
  return rows.map(toEndpointDto);
}

/** Registers an endpoint; its signing secret is in this answer and never again. */
export async function createWebhookEndpoint(
  scope: TenantScope,
  deps: IntegrationDeps,
  input: { url: string; description: string; eventTypes: WebhookEventType[] },
) {
  assertTargetUrl(deps, input.url);
  const count = await scope.tx.webhookEndpoint.count({ where: { orgId: scope.org.id } });
  if (count >= MAX_ENDPOINTS_PER_ORG) {
    throw new AppError("UNPROCESSABLE", `An organization has at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints.`);
  }
  const secret = newSigningSecret();
  const sealed = sealOrRefuse(deps, secret, endpointSecretContext(scope.org.id));
  const row = await scope.tx.webhookEndpoint.create({
    data: {
      orgId: scope.org.id,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      secretCiphertext: sealed.ciphertext,
      secretKeyId: sealed.keyId,
      createdById: scope.actor.userId,
    },
    select: ENDPOINT_FIELDS,
  });
  await audited(scope, "webhook.created", { type: "webhook_endpoint", id: row.id }, { host: hostOf(row.url), eventTypes: row.eventTypes });
  return { endpoint: toEndpointDto(row), secret };
}

export async function updateWebhookEndpoint(
  scope: TenantScope,
  deps: IntegrationDeps,
  input: {
    endpointId: string;
    patch: { url?: string; description?: string; eventTypes?: WebhookEventType[]; enabled?: boolean };
  },
) {
  const before = await findEndpoint(scope, input.endpointId);
  const { patch } = input;
  if (patch.url !== undefined) assertTargetUrl(deps, patch.url);
  const data: Prisma.WebhookEndpointUpdateInput = {};
  if (patch.url !== undefined) data.url = patch.url;
  if (patch.description !== undefined) data.description = patch.description;
  if (patch.eventTypes !== undefined) data.eventTypes = patch.eventTypes;
  if (patch.enabled === true && !before.enabled) {
    Object.assign(data, { enabled: true, disabledAt: null, disabledReason: null, failureStreak: 0, failingSince: null });
  } else if (patch.enabled === false && before.enabled) {
    Object.assign(data, { enabled: false, disabledAt: new Date(), disabledReason: "Disabled by an admin." });
  }
  const row = await scope.tx.webhookEndpoint.update({ where: { id: before.id }, data, select: ENDPOINT_FIELDS });
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  if (patch.url !== undefined && before.url !== row.url) changes.host = { before: hostOf(before.url), after: hostOf(row.url) };
  if (patch.description !== undefined && before.description !== row.description) changes.description = { before: before.description, after: row.description };
  if (patch.eventTypes !== undefined) changes.eventTypes = { before: before.eventTypes, after: row.eventTypes };
  if (before.enabled !== row.enabled) changes.enabled = { before: before.enabled, after: row.enabled };
  await audited(scope, "webhook.updated", { type: "webhook_endpoint", id: row.id }, { changes } as Prisma.InputJsonObject);
  return toEndpointDto(row);
}

export async function deleteWebhookEndpoint(scope: TenantScope, endpointId: string) {
  const row = await findEndpoint(scope, endpointId);
  // Its deliveries go with it (ON DELETE CASCADE).
  await scope.tx.webhookEndpoint.deleteMany({ where: { id: row.id, orgId: scope.org.id } });
  await audited(scope, "webhook.deleted", { type: "webhook_endpoint", id: row.id }, { host: hostOf(row.url) });
  return { deleted: true as const };
}

/**
 * A new signing secret (shown once). For `overlapHours` deliveries carry the old secret's
 * signature too, so receivers can switch over without dropping events.
 */
export async function rotateWebhookSecret(
  scope: TenantScope,
  deps: IntegrationDeps,
  input: { endpointId: string; overlapHours: number },
) {
  await findEndpoint(scope, input.endpointId);
  const current = await scope.tx.webhookEndpoint.findUniqueOrThrow({
    where: { id: input.endpointId },
    select: { secretCiphertext: true, secretKeyId: true },
  });
  const secret = newSigningSecret();
  const sealed = sealOrRefuse(deps, secret, endpointSecretContext(scope.org.id));
  const overlap = input.overlapHours > 0;
  const row = await scope.tx.webhookEndpoint.update({
    where: { id: input.endpointId },
    data: {
      secretCiphertext: sealed.ciphertext,
      secretKeyId: sealed.keyId,
      previousSecretCiphertext: overlap ? current.secretCiphertext : null,
      previousSecretKeyId: overlap ? current.secretKeyId : null,
      previousSecretExpiresAt: overlap ? new Date(Date.now() + input.overlapHours * 3_600_000) : null,
    },
    select: ENDPOINT_FIELDS,
  });
  await audited(scope, "webhook.secret_rotated", { type: "webhook_endpoint", id: row.id }, { overlapHours: input.overlapHours });
  return { endpoint: toEndpointDto(row), secret };
}

/** The endpoint's delivery log, newest first, keyset-paginated on (created_at, id). */
export async function listWebhookDeliveries(scope: TenantScope, input: { endpointId: string; cursor?: string; limit: number }) {
  await findEndpoint(scope, input.endpointId);
  const where: Prisma.WebhookDeliveryWhereInput = { orgId: scope.org.id, endpointId: input.endpointId };
  if (input.cursor) {
    const { at, id } = decodeTimestampCursor(input.cursor);
    // The plain bound is an index condition; the OR alone would only be a filter.
    where.createdAt = { lte: at };
    where.OR = [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }];
  }
  const rows = await scope.tx.webhookDelivery.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: DELIVERY_FIELDS,
  });
  const page = pageOf(rows, input.limit, (last) => encodeCursor(last.createdAt.getTime(), last.id));
  return { items: page.rows.map(toDeliveryDto), nextCursor: page.nextCursor };
}

/** Puts a delivery (any status) back in line for one more attempt now, with the same event id and body. */
export async function redeliverWebhook(scope: TenantScope, deliveryId: string) {
  const { count } = await scope.tx.webhookDelivery.updateMany({
    where: { id: deliveryId, orgId: scope.org.id },
    data: { status: "pending", nextAttemptAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Delivery not found.");
  const row = await scope.tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { ...DELIVERY_FIELDS, endpointId: true } });
  await audited(scope, "webhook.redelivered", { type: "webhook_delivery", id: deliveryId }, { eventType: row.eventType });
  await deliveriesDue(scope, [deliveryId]);
  const { endpointId: _endpointId, ...delivery } = row;
  return toDeliveryDto(delivery);
}

/** A delivery of a `ping` event, whatever the target subscribed to. */
export async function createPingDelivery(
  scope: TenantScope,
  target: { endpointId: string } | { slackConnectionId: string },
) {
  const id = randomUUID();
  const payload = {
    id,
    type: WEBHOOK_PING_EVENT,
    version: 1,
    createdAt: new Date().toISOString(),
    orgId: scope.org.id,
    data: { ...target, actorId: scope.actor.userId },
  };
  const row = await scope.tx.webhookDelivery.create({
    data: { orgId: scope.org.id, ...target, eventId: id, eventType: WEBHOOK_PING_EVENT, payload },
    select: DELIVERY_FIELDS,
  });
  await deliveriesDue(scope, [row.id]);
  return toDeliveryDto(row);
}

export async function sendWebhookTest(scope: TenantScope, endpointId: string) {
  const endpoint = await findEndpoint(scope, endpointId);
  const delivery = await createPingDelivery(scope, { endpointId: endpoint.id });
  await audited(scope, "webhook.test_sent", { type: "webhook_endpoint", id: endpoint.id });
  return delivery;
}
