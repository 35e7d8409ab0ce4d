import type { Prisma } from "@agency/db";
import type { SlackConnectionDto, WebhookEventType } from "@agency/validators";
import ipaddr from "ipaddr.js";
import { AppError } from "../../errors/app-error";
import { audited } from "../audit";
import type { TenantScope } from "../scope";
import { fieldError } from "../tasks/task-errors";
import { slackUrlContext } from "../webhooks/deliver";
import { assertTargetUrl, createPingDelivery, sealOrRefuse } from "../webhooks/endpoints";
import type { IntegrationDeps } from "../webhooks/integrations";

const SLACK_FIELDS = {
  id: true,
  urlHint: true,
  eventTypes: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.SlackConnectionSelect;
type SlackRow = Prisma.SlackConnectionGetPayload<{ select: typeof SLACK_FIELDS }>;

function toSlackDto(row: SlackRow): SlackConnectionDto {
  return {
    ...row,
    eventTypes: row.eventTypes as WebhookEventType[],
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Inside the private-target allowlist (tests, local development): the host is an allowed IP literal. */
function isAllowlistedLiteral(deps: IntegrationDeps, url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(host)) return false;
  const ip = ipaddr.parse(host);
  return deps.policy.allowPrivate.some(([range, bits]) => range.kind() === ip.kind() && ip.match([range, bits] as never));
}

/**
 * A Slack incoming-webhook URL: the outbound rules, and in production https://hooks.slack.com/
 * only (a test receiver inside WEBHOOK_ALLOW_PRIVATE_TARGETS is the one exception).
 */
function assertSlackUrl(deps: IntegrationDeps, raw: string): URL {
  const url = assertTargetUrl(deps, raw);
  const isSlack = url.protocol === "https:" && url.hostname === "hooks.slack.com" && url.pathname.startsWith("/services/");
  if (deps.production && !isSlack && !isAllowlistedLiteral(deps, url)) {
    throw fieldError("url", "Use the incoming-webhook URL Slack gave you: https://hooks.slack.com/services/…");
  }
  return url;
}

/** The URL is a secret (whoever holds it posts to the channel): only its host and last 4 characters are shown. */
const hintOf = (url: URL) => `${url.host}/…${url.pathname.slice(-4)}`;

export async function getSlackConnection(scope: TenantScope) {
  const row = await scope.tx.slackConnection.findUnique({ where: { orgId: scope.org.id }, select: SLACK_FIELDS });
  return row ? toSlackDto(row) : null;
}

/** Connects (or replaces) the organization's Slack incoming webhook. */
export async function connectSlack(scope: TenantScope, deps: IntegrationDeps, input: { url: string; eventTypes: WebhookEventType[] }) {
  const url = assertSlackUrl(deps, input.url);
  const sealed = sealOrRefuse(deps, input.url, slackUrlContext(scope.org.id));
  const fields = {
    urlCiphertext: sealed.ciphertext,
    urlKeyId: sealed.keyId,
    urlHint: hintOf(url),
    eventTypes: input.eventTypes,
    enabled: true,
    disabledAt: null,
    disabledReason: null,
    failureStreak: 0,
    failingSince: null,
  };
  const row = await scope.tx.slackConnection.upsert({
    where: { orgId: scope.org.id },
    create: { orgId: scope.org.id, createdById: scope.actor.userId, ...fields },
    update: fields,
    select: SLACK_FIELDS,
  });
  await audited(scope, "slack.connected", { type: "slack_connection", id: row.id }, { eventTypes: row.eventTypes });
  return toSlackDto(row);
}

const findConnection = async (scope: TenantScope) => {
  const row = await scope.tx.slackConnection.findUnique({ where: { orgId: scope.org.id }, select: SLACK_FIELDS });
  if (!row) throw new AppError("NOT_FOUND", "Slack is not connected.");
  return row;
};

export async function updateSlack(scope: TenantScope, input: { patch: { eventTypes?: WebhookEventType[]; enabled?: boolean } }) {
  const before = await findConnection(scope);
  const data: Prisma.SlackConnectionUpdateInput = {};
  if (input.patch.eventTypes !== undefined) data.eventTypes = input.patch.eventTypes;
  if (input.patch.enabled === true && !before.enabled) {
    Object.assign(data, { enabled: true, disabledAt: null, disabledReason: null, failureStreak: 0, failingSince: null });
  } else if (input.patch.enabled === false && before.enabled) {
    Object.assign(data, { enabled: false, disabledAt: new Date(), disabledReason: "Disabled by an admin." });
  }
  const row = await scope.tx.slackConnection.update({ where: { id: before.id }, data, select: SLACK_FIELDS });
  await audited(scope, "slack.updated", { type: "slack_connection", id: row.id }, {
    changes: { eventTypes: { before: before.eventTypes, after: row.eventTypes }, enabled: { before: before.enabled, after: row.enabled } },
  });
  return toSlackDto(row);
}

export async function disconnectSlack(scope: TenantScope) {
  const row = await findConnection(scope);
  await scope.tx.slackConnection.deleteMany({ where: { id: row.id, orgId: scope.org.id } });
  await audited(scope, "slack.disconnected", { type: "slack_connection", id: row.id });
  return { disconnected: true as const };
}

export async function sendSlackTest(scope: TenantScope) {
  const row = await findConnection(scope);
  const delivery = await createPingDelivery(scope, { slackConnectionId: row.id });
  await audited(scope, "slack.test_sent", { type: "slack_connection", id: row.id });
  return delivery;
}
