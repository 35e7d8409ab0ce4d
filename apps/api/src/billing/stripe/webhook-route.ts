import { TenantRefusal, type Database } from "@agency/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import Stripe from "stripe";
import { sendError } from "../../http/error-handler";
import { enqueue } from "../../jobs/enqueue";
import type { StripeDeps } from "./client";
import { stripeWebhooks, stripeWebhookSecretContext } from "./client";

/** Stripe's own default: a signature older (or newer) than 5 minutes is refused (replays). */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;
/** Stripe events are small (an object snapshot); anything bigger is not Stripe. */
const STRIPE_WEBHOOK_BODY_LIMIT = 512 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StripeWebhookDeps {
  db: Database;
  stripe: StripeDeps;
}

export type StoredEvent = { stored: true; eventRowId: string; jobId: string | null } | { stored: false };

/**
 * Stores one verified event (unique per organization) and enqueues its processing, in ONE
 * transaction entered as the connection's service user — the org's RLS applies, and the job
 * carries the verified org. A replay or a concurrent duplicate inserts nothing and enqueues
 * nothing (the unique index makes the second insert wait for the first, then do nothing).
 */
export async function storeStripeEvent(
  deps: Pick<StripeWebhookDeps, "db">,
  who: { orgId: string; serviceUserId: string; requestId: string },
  event: Stripe.Event,
): Promise<StoredEvent> {
  const object = event.data.object as { id?: unknown };
  return deps.db.tenant({ userId: who.serviceUserId, orgId: who.orgId }, async ({ tx }) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "stripe_events" ("id", "org_id", "event_id", "type", "livemode", "object_id", "payload")
      VALUES (gen_random_uuid(), ${who.orgId}::uuid, ${event.id}, ${event.type}, ${event.livemode},
              ${typeof object.id === "string" ? object.id : null}, ${JSON.stringify(event)}::jsonb)
      ON CONFLICT ("org_id", "event_id") DO NOTHING
      RETURNING "id"::text`;
    const row = rows[0];
    if (!row) return { stored: false };
    const jobId = await enqueue({ tx, request: { requestId: who.requestId } }, "stripe.event", { eventRowId: row.id });
    return { stored: true, eventRowId: row.id, jobId };
  });
}

/**
 * `POST /webhooks/stripe/:orgId`: a plain Fastify route (not tRPC) reading the RAW body, because
 * the signature covers the exact bytes Stripe sent. Order: find the org's signing secret → verify
 * the `Stripe-Signature` header (constructEvent, 300 s tolerance) → only then store and enqueue.
 * A bad or stale signature is a 400 with nothing written. Answers 200 as soon as the event is
 * stored; its effect is applied by the `stripe.event` job.
 */
export function registerStripeWebhookRoute(app: FastifyInstance, deps: StripeWebhookDeps) {
  void app.register(async (scope) => {
    // Encapsulated: only this route keeps the body as bytes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: STRIPE_WEBHOOK_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { orgId: string } }>(
      "/webhooks/stripe/:orgId",
      { bodyLimit: STRIPE_WEBHOOK_BODY_LIMIT },
      (request, reply) => receive(deps, request, reply),
    );
  });
}

async function receive(deps: StripeWebhookDeps, request: FastifyRequest<{ Params: { orgId: string } }>, reply: FastifyReply) {
  const { orgId } = request.params;
  const notConnected = () => sendError(request, reply, 404, "NOT_FOUND", "No Stripe connection for this organization.");
  if (!UUID.test(orgId)) return notConnected();
  const signature = request.headers["stripe-signature"];
  if (typeof signature !== "string" || signature.length === 0 || signature.length > 2048) {
    return sendError(request, reply, 400, "BAD_REQUEST", "Missing Stripe-Signature header.");
  }
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
    return sendError(request, reply, 400, "BAD_REQUEST", "Empty body.");
  }

  const target = await deps.db.tenant({ anonymous: true }, async ({ tx }) => {
    const rows = await tx.$queryRaw<{ service_user_id: string; webhook_secret_ciphertext: string | null; webhook_secret_key_id: string | null }[]>`
      SELECT "service_user_id"::text, "webhook_secret_ciphertext", "webhook_secret_key_id" FROM app_stripe_webhook_target(${orgId}::uuid)`;
    return rows[0] ?? null;
  });
  if (!target) return notConnected();
  if (!target.webhook_secret_ciphertext || !target.webhook_secret_key_id) {
    request.log.warn({ orgId }, "stripe webhook refused: no signing secret stored for the organization");
    return sendError(request, reply, 400, "BAD_REQUEST", "No webhook signing secret is set for this organization's Stripe connection.");
  }
  const secret = deps.stripe.box.open(
    { keyId: target.webhook_secret_key_id, ciphertext: target.webhook_secret_ciphertext },
    stripeWebhookSecretContext(orgId),
  );

  // constructEvent refuses old timestamps only; one from the future is as suspect (a forged clock).
  const signedAt = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(signature)?.[1] ?? Number.NaN);
  if (Number.isFinite(signedAt) && signedAt - Date.now() / 1000 > STRIPE_SIGNATURE_TOLERANCE_SECONDS) {
    request.log.warn({ orgId, reason: "future" }, "stripe webhook refused");
    return sendError(request, reply, 400, "BAD_REQUEST", "The Stripe-Signature timestamp is outside the 300 s tolerance.");
  }
  let event: Stripe.Event;
  try {
    event = stripeWebhooks.constructEvent(request.body, signature, secret, STRIPE_SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    const stale = error instanceof Stripe.errors.StripeSignatureVerificationError && /tolerance/i.test(error.message);
    request.log.warn({ orgId, reason: stale ? "stale" : "signature" }, "stripe webhook refused");
    return sendError(
      request,
      reply,
      400,
      "BAD_REQUEST",
      stale ? "The Stripe-Signature timestamp is outside the 300 s tolerance." : "The Stripe-Signature does not match this body.",
    );
  }
  if (typeof event.id !== "string" || !/^evt_[A-Za-z0-9_]{1,255}$/.test(event.id) || typeof event.type !== "string") {
    return sendError(request, reply, 400, "BAD_REQUEST", "Not a Stripe event.");
  }

  try {
    const stored = await storeStripeEvent(deps, { orgId, serviceUserId: target.service_user_id, requestId: request.id }, event);
    request.log.info({ orgId, eventId: event.id, type: event.type, duplicate: !stored.stored }, "stripe webhook received");
    return reply.status(200).send({ received: true, duplicate: !stored.stored });
  } catch (error) {
    // The service user lost its membership (or the org is gone): as if not connected.
    if (error instanceof TenantRefusal) return notConnected();
    throw error;
  }
}
