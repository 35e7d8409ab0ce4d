import { leastRoleWith, roleSchema, type Permission, type Role } from "@agency/validators";
import { newApiKeyToken, newPublicId } from "../../src/services/api-keys/key-format";
import { randomUUID } from "node:crypto";
import { endpointSecretContext, slackUrlContext } from "../../src/services/webhooks/deliver";
import { newSigningSecret } from "../../src/services/webhooks/signing";
import { createInvoice, createRetainer, issueInvoice, pauseRetainer, recordPayment } from "../../src/billing/services";
import { callerFor } from "./callers";
import type { TestApi } from "./test-api";

/**
 * Rows API tests start from, written on the API's own (owner) connection, so they exist whatever
 * the procedures under test do. Thin on purpose: one place to adapt when the database boundary
 * changes.
 */
type Api = Pick<TestApi, "api" | "prisma">;
const db = (api: Api) => api.prisma;

/**
 * A user without a password (sign-in is tested through auth.signUp), whose email is verified
 * unless `verified: false` (only verified accounts accept invitations). Name defaults to the
 * email's local part.
 */
export async function createUser(api: Api, email: string, name = email.split("@")[0]!, options: { verified?: boolean } = {}) {
  const emailVerifiedAt = options.verified === false ? null : new Date();
  return (await db(api).user.create({ data: { email, name, emailVerifiedAt } })).id;
}

export interface Member {
  userId: string;
  role: Role;
}

/** Adds members with the given roles to an organization. */
export async function addMembers(api: Api, orgId: string, members: Member[]) {
  if (members.length) await db(api).membership.createMany({ data: members.map((m) => ({ orgId, ...m })) });
}

/**
 * An organization created the way a user creates one, through organizations.create as `ownerId`
 * (audited, slug derived, the owner's membership), then the other members added. Returns its id.
 */
export async function createOrganizationAs(api: Api, ownerId: string, name: string, members: Member[] = []) {
  const { id } = await callerFor(api, ownerId).organizations.create({ name });
  await addMembers(api, id, members);
  return id;
}

/** An organization inserted directly (no audit entry, no owner unless listed) with these members. */
export async function seedOrganization(api: Api, name: string, members: Member[] = [], slug?: string) {
  const slugOf = slug ?? `${name.toLowerCase().replace(/\W+/g, "-")}-${randomUUID().slice(0, 8)}`;
  const { id } = await db(api).organization.create({ data: { name, slug: slugOf } });
  await addMembers(api, id, members);
  return id;
}

/** One user per role, `<role>@<domain>`, all members of `orgId` with that role. */
export async function createMemberPerRole(api: Api, orgId: string, domain: string) {
  const users = {} as Record<Role, string>;
  for (const role of roleSchema.options) {
    users[role] = await createUser(api, `${role}@${domain}`, role);
  }
  await addMembers(
    api,
    orgId,
    Object.entries(users).map(([role, userId]) => ({ userId, role: role as Role })),
  );
  return users;
}

export async function createClient(api: Api, orgId: string, name = "Client") {
  return (await db(api).client.create({ data: { orgId, name } })).id;
}

/** A project; under a new client named "Client of <name>" unless `clientId` is given. */
export async function createProject(api: Api, orgId: string, name = "Project", clientId?: string) {
  const client = clientId ?? (await createClient(api, orgId, `Client of ${name}`));
  return (await db(api).project.create({ data: { orgId, clientId: client, name } })).id;
}

export async function createTask(api: Api, orgId: string, projectId: string, title = "Task", position = 1) {
  return (await db(api).task.create({ data: { orgId, projectId, title, position } })).id;
}

/** A live session for `userId` (what sign-in creates), for calls over HTTP with x-agency-session. */
export async function createSession(api: Api, userId: string, ttlMs = 3_600_000) {
  return (await db(api).session.create({ data: { userId, expiresAt: new Date(Date.now() + ttlMs) } })).id;
}

export async function createComment(api: Api, orgId: string, taskId: string, authorId: string, body = "Comment") {
  return (await db(api).taskComment.create({ data: { orgId, taskId, authorId, body } })).id;
}

/** A pending invitation (its token unknown: for tests that act on the invitation, not accept it). */
export async function createInvitation(
  api: Api,
  orgId: string,
  invitedById: string,
  email: string,
  role: Role = "member",
) {
  const expiresAt = new Date(Date.now() + 86_400_000);
  return (
    await db(api).invitation.create({ data: { orgId, email, role, tokenHash: randomUUID(), invitedById, expiresAt } })
  ).id;
}

export interface ApiKeyFixture {
  id: string;
  /** The secret to send as `Authorization: Bearer <token>`. */
  token: string;
  serviceUserId: string;
}

/**
 * An API key of `orgId` with these scopes, written directly (what apiKeys.create stores: a service
 * user with the least role holding the scopes, its membership, the key) — for tests about using
 * keys; creating them is tested through apiKeys.create. `revoked`: revoked, membership gone.
 */
export async function createApiKey(
  api: Api,
  orgId: string,
  scopes: readonly Permission[],
  options: { name?: string; createdById?: string; expiresAt?: Date; revoked?: boolean } = {},
): Promise<ApiKeyFixture> {
  const id = randomUUID();
  const publicId = newPublicId();
  const { token, secretHash } = newApiKeyToken(publicId);
  const name = options.name ?? `Key ${publicId}`;
  const user = await db(api).user.create({ data: { kind: "service", email: `key-${id}@api-keys.invalid`, name } });
  if (!options.revoked) await db(api).membership.create({ data: { orgId, userId: user.id, role: leastRoleWith(scopes)! } });
  await db(api).apiKey.create({
    data: {
      id,
      orgId,
      name,
      prefix: publicId,
      secretHash,
      scopes: [...scopes],
      serviceUserId: user.id,
      createdById: options.createdById ?? null,
      expiresAt: options.expiresAt ?? null,
      revokedAt: options.revoked ? new Date() : null,
    },
  });
  return { id, token, serviceUserId: user.id };
}

/** Request headers presenting an API key. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/**
 * An organization's integrations, replacing any it had: a webhook endpoint (on a public host
 * name, never contacted: tests drive deliveries by hand), one pending test delivery to it, and a
 * Slack connection. Written directly, secrets sealed with the API's own box.
 */
export async function createIntegrations(api: Api, orgId: string) {
  const { box } = api.api.deps.integrations;
  await db(api).webhookEndpoint.deleteMany({ where: { orgId } });
  const secret = box.seal(newSigningSecret(), endpointSecretContext(orgId));
  const endpoint = await db(api).webhookEndpoint.create({
    data: {
      orgId,
      url: "https://hooks.example.com/agency",
      eventTypes: ["task.created", "task.moved"],
      secretCiphertext: secret.ciphertext,
      secretKeyId: secret.keyId,
    },
  });
  const eventId = randomUUID();
  const delivery = await db(api).webhookDelivery.create({
    data: { orgId, endpointId: endpoint.id, eventId, eventType: "ping", payload: { id: eventId, type: "ping", version: 1, orgId, data: {} } },
  });
  const url = box.seal("https://hooks.slack.com/services/T000/B000/fixture", slackUrlContext(orgId));
  const slack = { urlCiphertext: url.ciphertext, urlKeyId: url.keyId, urlHint: "hooks.slack.com/…ture", eventTypes: ["task.moved"] };
  await db(api).slackConnection.upsert({ where: { orgId }, create: { orgId, ...slack }, update: slack });
  return { webhookEndpointId: endpoint.id, webhookDeliveryId: delivery.id };
}

/** Billing records of a client, one per state the billing procedures act on. */
export interface BillingFixture {
  retainerId: string;
  /** Paused (version 2): what retainers.resume acts on. */
  pausedRetainerId: string;
  draftInvoiceId: string;
  openInvoiceId: string;
  /** Paid in full by bank transfer (refundable). */
  paidInvoiceId: string;
}

/** Written through the billing services (journal and audit entries included) on the owner connection. */
export async function createBilling(api: Api, orgId: string, clientId: string): Promise<BillingFixture> {
  return db(api).$transaction(
    async (tx) => {
      const scope = { tx, org: { id: orgId }, actor: { userId: null }, request: null };
      const retainer = await createRetainer(scope, { clientId, name: "Fixture retainer", currency: "USD", unitAmount: 100_000 });
      const paused = await createRetainer(scope, { clientId, name: "Paused retainer", currency: "USD", unitAmount: 50_000 });
      await pauseRetainer(scope, { retainerId: paused.id });
      const invoice = () => createInvoice(scope, { clientId, currency: "USD", lines: [{ description: "Fixture work", unitAmount: 10_000 }] });
      const draft = await invoice();
      const open = await invoice();
      await issueInvoice(scope, { invoiceId: open.id });
      const paid = await invoice();
      await issueInvoice(scope, { invoiceId: paid.id });
      await recordPayment(scope, { invoiceId: paid.id, method: "bank_transfer" });
      return {
        retainerId: retainer.id,
        pausedRetainerId: paused.id,
        draftInvoiceId: draft.id,
        openInvoiceId: open.id,
        paidInvoiceId: paid.id,
      };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
