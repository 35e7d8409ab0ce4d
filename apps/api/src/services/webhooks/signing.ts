import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * The Standard Webhooks headers for one message: `webhook-id` (the event id, the same on every
 * attempt so receivers can dedupe), `webhook-timestamp` (seconds) and `webhook-signature`: one
 * `v1,<base64>` per secret, space-separated — during a rotation's overlap the current and the
 * previous secret both sign, so a receiver holding either one verifies. Signed with the
 * `standardwebhooks` package itself.
 */
export function signedHeaders(messageId: string, timestamp: Date, body: string, secrets: readonly string[]) {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(" "),
  };
}
