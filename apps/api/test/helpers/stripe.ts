import { randomBytes } from "node:crypto";
import { stripeWebhooks } from "../../src/billing/stripe/client";
import { callerFor } from "./callers";
import { createUser, seedOrganization } from "./fixtures";
import { jobsOf } from "./jobs";
import type { TestApi } from "./test-api";

export { jobsOf };

/** An organization with an owner, connected to its own account on the test API's fake Stripe. */
export async function connectedOrg(t: TestApi, name: string) {
  const ownerId = await createUser(t, `owner-${randomBytes(4).toString("hex")}@${name.toLowerCase()}.test`, "Owner");
  const orgId = await seedOrganization(t, name, [{ userId: ownerId, role: "owner" }]);
  const secretKey = `rk_test_${randomBytes(12).toString("hex")}`;
  const webhookSecret = `whsec_${randomBytes(18).toString("base64").replace(/[^A-Za-z0-9]/g, "x")}`;
  const accountId = t.stripe.addAccount(secretKey, { name: `${name} Stripe` });
  const status = await callerFor(t, ownerId).billingStripe.connect({ orgId, secretKey, webhookSecret });
  return { orgId, ownerId, secretKey, webhookSecret, accountId, status };
}

let counter = 0;
/** A Stripe event envelope around `object` (what Stripe posts). */
export function stripeEvent(type: string, object: Record<string, unknown>, overrides: { id?: string; created?: number } = {}) {
  counter += 1;
  return {
    id: overrides.id ?? `evt_${randomBytes(10).toString("hex")}${counter}`,
    object: "event",
    api_version: "2026-11-18.endive",
    created: overrides.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/** POSTs a signed event (generateTestHeaderString) to the org's webhook route. */
export async function postSignedEvent(
  base: string,
  orgId: string,
  secret: string,
  event: unknown,
  options: { timestamp?: number; tamper?: (body: string) => string; signature?: string } = {},
) {
  const payload = JSON.stringify(event);
  const header =
    options.signature ??
    stripeWebhooks.generateTestHeaderString({ payload, secret, timestamp: options.timestamp ?? Math.floor(Date.now() / 1000) });
  const body = options.tamper ? options.tamper(payload) : payload;
  const response = await fetch(`${base}/webhooks/stripe/${orgId}`, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": header },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

