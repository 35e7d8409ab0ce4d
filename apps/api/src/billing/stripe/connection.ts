import type { Prisma } from "@agency/db";
import { STRIPE_HANDLED_EVENTS, type StripeConnectionDto, type StripeStatusDto } from "@agency/validators";
import type Stripe from "stripe";
import { AppError } from "../../errors/app-error";
import { SecretBoxUnavailable } from "../../lib/secret-box";
import { audited } from "../../services/audit";
import type { TenantScope } from "../../services/scope";
import {
  createStripeClient,
  stripeFailure,
  stripeKeyContext,
  stripeWebhookSecretContext,
  type StripeDeps,
} from "./client";

const CONNECTION_FIELDS = {
  id: true,
  accountId: true,
  accountName: true,
  livemode: true,
  keyLast4: true,
  keyPrefix: true,
  webhookSecretLast4: true,
  webhookSecretSetAt: true,
  webhookSecretKeyId: true,
  connectedAt: true,
  connectedBy: { select: { id: true, name: true } },
} as const satisfies Prisma.StripeConnectionSelect;
type ConnectionRow = Prisma.StripeConnectionGetPayload<{ select: typeof CONNECTION_FIELDS }>;

export const stripeWebhookPath = (orgId: string) => `/webhooks/stripe/${orgId}`;

function seal(deps: StripeDeps, plaintext: string, context: string) {
  try {
    return deps.box.seal(plaintext, context);
  } catch (error) {
    if (error instanceof SecretBoxUnavailable) {
      throw new AppError("SERVICE_UNAVAILABLE", "Stripe cannot be connected on this server (ENCRYPTION_KEYS is missing).");
    }
    throw error;
  }
}

async function toDto(scope: TenantScope, row: ConnectionRow): Promise<StripeConnectionDto> {
  const [last, pendingEvents] = await Promise.all([
    scope.tx.stripeEvent.findFirst({ where: { orgId: scope.org.id }, orderBy: { receivedAt: "desc" }, select: { receivedAt: true } }),
    scope.tx.stripeEvent.count({ where: { orgId: scope.org.id, processedAt: null } }),
  ]);
  return {
    accountId: row.accountId,
    accountName: row.accountName,
    livemode: row.livemode,
    keyKind: row.keyPrefix.startsWith("rk_") ? "restricted" : "secret",
    keyLast4: row.keyLast4,
    webhookSecretSet: row.webhookSecretKeyId !== null,
    webhookSecretLast4: row.webhookSecretLast4,
    webhookSecretSetAt: row.webhookSecretSetAt?.toISOString() ?? null,
    connectedAt: row.connectedAt.toISOString(),
    connectedBy: row.connectedBy,
    lastEventAt: last?.receivedAt.toISOString() ?? null,
    pendingEvents,
  };
}

export async function getStripeStatus(scope: TenantScope): Promise<StripeStatusDto> {
  const row = await scope.tx.stripeConnection.findUnique({ where: { orgId: scope.org.id }, select: CONNECTION_FIELDS });
  return {
    connection: row ? await toDto(scope, row) : null,
    webhookPath: stripeWebhookPath(scope.org.id),
    webhookEvents: [...STRIPE_HANDLED_EVENTS],
  };
}

/**
 * Checks the key with ONE Stripe call (GET /v1/account: the account id and name), then stores it
 * sealed. A refused key is a 400 on `secretKey`; Stripe unreachable a 503 — nothing is stored in
 * either case. Reconnecting replaces the key (and the signing secret when one is given).
 */
export async function connectStripe(
  scope: TenantScope,
  deps: StripeDeps,
  input: { secretKey: string; webhookSecret?: string },
): Promise<StripeStatusDto> {
  let account: Stripe.Account;
  try {
    account = await createStripeClient(deps.config, input.secretKey, { interactive: true }).accounts.retrieveCurrent();
  } catch (error) {
    throw stripeFailure(error, "check the key");
  }
  const livemode = input.secretKey.includes("_live_");
  const key = seal(deps, input.secretKey, stripeKeyContext(scope.org.id));
  const secret = input.webhookSecret ? seal(deps, input.webhookSecret, stripeWebhookSecretContext(scope.org.id)) : null;
  const rows = await scope.tx.$queryRaw<{ id: string }[]>`SELECT app_stripe_service_user()::text AS id`;
  const serviceUserId = rows[0]!.id;
  const fields = {
    accountId: account.id,
    accountName: account.settings?.dashboard?.display_name ?? account.business_profile?.name ?? null,
    livemode,
    keyCiphertext: key.ciphertext,
    keyKeyId: key.keyId,
    keyLast4: input.secretKey.slice(-4),
    keyPrefix: input.secretKey.slice(0, 7),
    connectedAt: new Date(),
    connectedById: scope.actor.userId,
    serviceUserId,
    ...(secret
      ? {
          webhookSecretCiphertext: secret.ciphertext,
          webhookSecretKeyId: secret.keyId,
          webhookSecretLast4: input.webhookSecret!.slice(-4),
          webhookSecretSetAt: new Date(),
        }
      : {}),
  };
  const row = await scope.tx.stripeConnection.upsert({
    where: { orgId: scope.org.id },
    create: { orgId: scope.org.id, ...fields },
    update: fields,
    select: { id: true },
  });
  await audited(scope, "stripe.connected", { type: "stripe_connection", id: row.id }, {
    accountId: account.id,
    livemode,
    keyKind: input.secretKey.startsWith("rk_") ? "restricted" : "secret",
    webhookSecretSet: secret !== null,
  });
  return getStripeStatus(scope);
}

/** Stores (or replaces: rotation in Stripe gives a new one) the endpoint's signing secret. */
export async function setStripeWebhookSecret(scope: TenantScope, deps: StripeDeps, input: { webhookSecret: string }) {
  const row = await scope.tx.stripeConnection.findUnique({ where: { orgId: scope.org.id }, select: { id: true } });
  if (!row) throw new AppError("CONFLICT", "Stripe is not connected: connect it with a key first.");
  const secret = seal(deps, input.webhookSecret, stripeWebhookSecretContext(scope.org.id));
  await scope.tx.stripeConnection.update({
    where: { id: row.id },
    data: {
      webhookSecretCiphertext: secret.ciphertext,
      webhookSecretKeyId: secret.keyId,
      webhookSecretLast4: input.webhookSecret.slice(-4),
      webhookSecretSetAt: new Date(),
    },
  });
  await audited(scope, "stripe.webhook_secret_set", { type: "stripe_connection", id: row.id });
  return getStripeStatus(scope);
}

/**
 * Forgets the key and the signing secret: webhooks for the org are refused (404) from now on and
 * billing works manually. Customers, events and the ledger stay (reconnecting the same account
 * picks them up again).
 */
export async function disconnectStripe(scope: TenantScope) {
  const row = await scope.tx.stripeConnection.findUnique({ where: { orgId: scope.org.id }, select: { id: true, accountId: true } });
  // Already disconnected: the wanted state holds (a repeated click, two tabs).
  if (!row) return { disconnected: true as const };
  await scope.tx.stripeConnection.deleteMany({ where: { id: row.id, orgId: scope.org.id } });
  await audited(scope, "stripe.disconnected", { type: "stripe_connection", id: row.id }, { accountId: row.accountId });
  return { disconnected: true as const };
}

/** The org's Stripe client (its key opened from the box), or a clear 409 when not connected. */
export async function stripeClientFor(
  scope: Pick<TenantScope, "tx" | "org">,
  deps: StripeDeps,
  options: { interactive?: boolean } = {},
): Promise<Stripe> {
  const row = await scope.tx.stripeConnection.findUnique({
    where: { orgId: scope.org.id },
    select: { keyCiphertext: true, keyKeyId: true },
  });
  if (!row) throw new AppError("CONFLICT", "Stripe is not connected: connect it under Billing → Stripe first.");
  const key = deps.box.open({ keyId: row.keyKeyId, ciphertext: row.keyCiphertext }, stripeKeyContext(scope.org.id));
  return createStripeClient(deps.config, key, options);
}

/** The 25 newest verified events and their outcomes (the panel's log; payloads stay in the database). */
export async function listStripeEvents(scope: TenantScope) {
  const rows = await scope.tx.stripeEvent.findMany({
    where: { orgId: scope.org.id },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: 25,
    select: { eventId: true, type: true, objectId: true, receivedAt: true, processedAt: true, outcome: true, attempts: true, lastError: true },
  });
  return {
    items: rows.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString(), processedAt: row.processedAt?.toISOString() ?? null })),
  };
}
