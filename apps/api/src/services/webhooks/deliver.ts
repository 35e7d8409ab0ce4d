import { Prisma, recordAudit, type Database, type TransactionClient } from "@agency/db";
import { IncomingWebhook } from "@slack/webhook";
import type { Logger } from "pino";
import { outboundFetch, OutboundFailure, postOutbound, type OutboundResponse } from "../../lib/outbound-http";
import type { Resolver, TargetPolicy } from "../../lib/outbound-target";
import type { SecretBox } from "../../lib/secret-box";
import { enqueueEmail } from "../mail/outbox";
import { slackMessage } from "../slack/slack-message";
import { signedHeaders } from "./signing";

/**
 * Delay before retry n+1 after attempt n failed (then ±20 % jitter): 10 attempts spread over
 * ~3 days (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h). After the 10th → dead.
 */
export const RETRY_DELAYS_MS = [
  5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 14 * 3_600_000, 20 * 3_600_000,
  24 * 3_600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A target whose every attempt has failed for this long is disabled (and its admins mailed). */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3_600_000;
/** …or after this many consecutive dead deliveries, whichever comes first. */
export const DISABLE_AFTER_DEAD_STREAK = 20;

/** What the delivery handler needs; one set per process (API or worker). */
export interface DeliveryDeps {
  db: Database;
  box: SecretBox;
  policy: TargetPolicy;
  /** The web app's origin: links in Slack messages and in the "endpoint disabled" email. */
  appUrl: string;
  /** Tests inject resolvers, clocks, short timeouts and a fixed jitter. */
  resolver?: Resolver;
  now?: () => Date;
  timeoutMs?: number;
  random?: () => number;
  log?: Logger;
}

/**
 * One attempt's result: finished (succeeded, or `skipped`: nothing to do), retry at a time, or given
 * up; a failed attempt names its error class (http_status, redirect, timeout, network, ssrf_refused,
 * target_disabled, internal).
 */
export type DeliveryOutcome =
  | { status: "done"; skipped?: true }
  | { status: "retry"; retryAt: Date; errorClass: string }
  | { status: "dead"; errorClass: string };

interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  snippet: string | null;
  errorClass: string | null;
}

const DELIVERY_INCLUDE = {
  endpoint: {
    select: {
      id: true,
      url: true,
      enabled: true,
      secretCiphertext: true,
      secretKeyId: true,
      previousSecretCiphertext: true,
      previousSecretKeyId: true,
      previousSecretExpiresAt: true,
    },
  },
  slackConnection: { select: { id: true, enabled: true, urlCiphertext: true, urlKeyId: true } },
} satisfies Prisma.WebhookDeliveryInclude;
type LoadedDelivery = Prisma.WebhookDeliveryGetPayload<{ include: typeof DELIVERY_INCLUDE }>;

export const endpointSecretContext = (orgId: string) => `webhook-secret:${orgId}`;
export const slackUrlContext = (orgId: string) => `slack-url:${orgId}`;

/** The delay before the attempt after attempt `attempt` (1-based) failed, with ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

function fromResponse(response: OutboundResponse): AttemptResult {
  const ok = response.status >= 200 && response.status < 300;
  const errorClass = ok ? null : response.status >= 300 && response.status < 400 ? "redirect" : "http_status";
  return { ok, statusCode: response.status, latencyMs: response.latencyMs, snippet: response.snippet, errorClass };
}

function fromFailure(error: unknown): AttemptResult {
  if (error instanceof OutboundFailure) {
    return { ok: false, statusCode: null, latencyMs: error.latencyMs, snippet: null, errorClass: error.errorClass };
  }
  return { ok: false, statusCode: null, latencyMs: 0, snippet: null, errorClass: "internal" };
}

async function attemptEndpoint(deps: DeliveryDeps, delivery: LoadedDelivery, now: Date): Promise<AttemptResult> {
  const endpoint = delivery.endpoint!;
  const context = endpointSecretContext(delivery.orgId);
  const secrets = [deps.box.open({ keyId: endpoint.secretKeyId, ciphertext: endpoint.secretCiphertext }, context)];
  if (endpoint.previousSecretCiphertext && endpoint.previousSecretKeyId && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(deps.box.open({ keyId: endpoint.previousSecretKeyId, ciphertext: endpoint.previousSecretCiphertext }, context));
  }
  const body = JSON.stringify(delivery.payload);
  const headers = {
    "content-type": "application/json",
    "user-agent": "AgencyOS-Webhooks/1.0",
    ...signedHeaders(delivery.eventId, now, body, secrets),
  };
  try {
    return fromResponse(await postOutbound(endpoint.url, headers, body, deps));
  } catch (error) {
    return fromFailure(error);
  }
}

async function attemptSlack(deps: DeliveryDeps, delivery: LoadedDelivery, names: Map<string, string>): Promise<AttemptResult> {
  const connection = delivery.slackConnection!;
  const url = deps.box.open({ keyId: connection.urlKeyId, ciphertext: connection.urlCiphertext }, slackUrlContext(delivery.orgId));
  const event = delivery.payload as { type: string; orgId: string; data: Record<string, unknown> };
  const data = { ...event.data };
  if (typeof data.userId === "string" && names.has(data.userId)) data.userName = names.get(data.userId);
  const actorName = typeof data.actorId === "string" ? (names.get(data.actorId) ?? null) : null;
  let response: OutboundResponse | null = null;
  const webhook = new IncomingWebhook(url, {
    fetch: outboundFetch(deps, (r) => (response = r)),
  });
  try {
    await webhook.send(slackMessage({ event: { ...event, type: event.type as never, data }, actorName, appUrl: deps.appUrl }));
    return fromResponse(response!);
  } catch (error) {
    // @slack/webhook throws on a non-2xx answer: the answer we recorded says what happened.
    if (response) return fromResponse(response);
    return fromFailure((error as { original?: unknown }).original ?? error);
  }
}

/** Names of the actor (and the member a member.* event is about), for readable Slack messages. */
async function namesFor(tx: TransactionClient, delivery: LoadedDelivery): Promise<Map<string, string>> {
  if (!delivery.slackConnectionId) return new Map();
  const data = (delivery.payload as { data?: Record<string, unknown> }).data ?? {};
  const ids = [data.actorId, data.userId].filter((id): id is string => typeof id === "string");
  if (!ids.length) return new Map();
  const users = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/**
 * THE delivery handler: one attempt of one delivery, recorded, then what to do next. Reads and
 * records as app_maintenance (deliveries of every organization); no transaction is held open
 * during the HTTP call. At-least-once: a crash after the POST and before the record repeats the
 * attempt (receivers dedupe on `webhook-id`). Called by the job queue (`webhook.deliver`, payload
 * `{ deliveryId }`, jobs/handlers.ts) and by tests.
 */
export async function deliverWebhook(deps: DeliveryDeps, deliveryId: string): Promise<DeliveryOutcome> {
  const now = deps.now?.() ?? new Date();
  const loaded = await deps.db.maintenance(async ({ tx }) => {
    const delivery = await tx.webhookDelivery.findUnique({ where: { id: deliveryId }, include: DELIVERY_INCLUDE });
    return delivery ? { delivery, names: await namesFor(tx, delivery) } : null;
  });
  if (!loaded || (loaded.delivery.status !== "pending" && loaded.delivery.status !== "failed")) return { status: "done", skipped: true };
  const { delivery, names } = loaded;
  const target = delivery.endpoint ?? delivery.slackConnection;
  let result: AttemptResult;
  if (!target?.enabled) {
    result = { ok: false, statusCode: null, latencyMs: 0, snippet: null, errorClass: "target_disabled" };
  } else {
    try {
      result = delivery.endpoint ? await attemptEndpoint(deps, delivery, now) : await attemptSlack(deps, delivery, names);
    } catch (error) {
      // A secret that cannot be opened (key missing from ENCRYPTION_KEYS) is an operator's problem: retry later.
      deps.log?.error({ deliveryId, error: { type: (error as Error).name, message: (error as Error).message } }, "webhook delivery could not run");
      result = { ok: false, statusCode: null, latencyMs: 0, snippet: null, errorClass: "internal" };
    }
  }
  const outcome = await recordAttempt(deps, delivery, result, now);
  deps.log?.info(
    { deliveryId, orgId: delivery.orgId, eventType: delivery.eventType, attempt: delivery.attemptCount + 1, outcome: outcome.status, statusCode: result.statusCode, errorClass: result.errorClass, latencyMs: result.latencyMs },
    "webhook delivery attempted",
  );
  return outcome;
}

async function recordAttempt(deps: DeliveryDeps, delivery: LoadedDelivery, result: AttemptResult, now: Date): Promise<DeliveryOutcome> {
  const attempt = delivery.attemptCount + 1;
  const giveUp = !result.ok && (attempt >= MAX_ATTEMPTS || result.errorClass === "target_disabled");
  const retryAt = !result.ok && !giveUp ? new Date(now.getTime() + retryDelayMs(attempt, deps.random)) : null;
  const errorClass = result.errorClass ?? "internal";
  const outcome: DeliveryOutcome = result.ok
    ? { status: "done" }
    : giveUp
      ? { status: "dead", errorClass }
      : { status: "retry", retryAt: retryAt!, errorClass };
  await deps.db.maintenance(async ({ tx }) => {
    // Guarded by the attempt count read: a second worker's record of the same attempt changes nothing.
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, attemptCount: delivery.attemptCount },
      data: {
        status: result.ok ? "succeeded" : giveUp ? "dead" : "failed",
        attemptCount: attempt,
        nextAttemptAt: retryAt,
        lastAttemptAt: now,
        lastStatusCode: result.statusCode,
        latencyMs: result.latencyMs,
        responseSnippet: result.snippet,
        errorClass: result.errorClass,
      },
    });
    if (count === 0 || result.errorClass === "target_disabled") return;
    await recordTargetHealth(deps, tx, delivery, result.ok, giveUp, now);
  });
  return outcome;
}

/** Success resets the target's failure state; failures start or extend it and may disable the target. */
async function recordTargetHealth(
  deps: DeliveryDeps,
  tx: TransactionClient,
  delivery: LoadedDelivery,
  ok: boolean,
  dead: boolean,
  now: Date,
) {
  const table = delivery.endpointId ? Prisma.raw("webhook_endpoints") : Prisma.raw("slack_connections");
  const targetId = delivery.endpointId ?? delivery.slackConnectionId!;
  if (ok) {
    await tx.$executeRaw`UPDATE ${table} SET failure_streak = 0, failing_since = NULL WHERE id = ${targetId}::uuid`;
    return;
  }
  const [state] = await tx.$queryRaw<{ failing_since: Date; failure_streak: number; enabled: boolean }[]>`
    UPDATE ${table}
       SET failing_since = coalesce(failing_since, ${now}),
           failure_streak = failure_streak + ${dead ? 1 : 0}
     WHERE id = ${targetId}::uuid
     RETURNING failing_since, failure_streak, enabled`;
  if (!state?.enabled) return;
  const failingFor = now.getTime() - state.failing_since.getTime();
  if (failingFor < DISABLE_AFTER_FAILING_MS && state.failure_streak < DISABLE_AFTER_DEAD_STREAK) return;
  const reason =
    failingFor >= DISABLE_AFTER_FAILING_MS
      ? "Every delivery failed for 3 days."
      : `${state.failure_streak} deliveries in a row failed after every retry.`;
  await tx.$executeRaw`
    UPDATE ${table} SET enabled = false, disabled_at = ${now}, disabled_reason = ${reason} WHERE id = ${targetId}::uuid`;
  await notifyAdmins(deps, tx, delivery, reason);
}

/** The organization's owners and admins hear that a target was switched off, through the email outbox. */
async function notifyAdmins(deps: DeliveryDeps, tx: TransactionClient, delivery: LoadedDelivery, reason: string) {
  const org = await tx.organization.findUnique({ where: { id: delivery.orgId }, select: { name: true } });
  const admins = await tx.membership.findMany({
    where: { orgId: delivery.orgId, role: { in: ["owner", "admin"] } },
    select: { user: { select: { email: true } } },
  });
  const what = delivery.endpoint ? `The webhook endpoint ${delivery.endpoint.url}` : "The Slack connection";
  const link = `${deps.appUrl.replace(/\/$/, "")}/app/organization/integrations`;
  for (const { user } of admins) {
    await enqueueEmail({ tx }, {
      to: user.email,
      orgId: delivery.orgId,
      subject: `${delivery.endpoint ? "Webhook endpoint" : "Slack notifications"} disabled in ${org?.name ?? "your organization"}`,
      text: `${what} of ${org?.name ?? "your organization"} was disabled: ${reason}\n\nNo more events are sent to it. Fix the receiver, then enable it again (and redeliver what it missed) at ${link}\n`,
    });
  }
  await recordAudit(tx, {
    action: "webhook.disabled",
    orgId: delivery.orgId,
    target: delivery.endpointId ? { type: "webhook_endpoint", id: delivery.endpointId } : { type: "slack_connection", id: delivery.slackConnectionId! },
    metadata: { reason },
  });
}
