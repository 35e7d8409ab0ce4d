import type { SecretBox } from "../../lib/secret-box";

/**
 * The unsubscribe link's token: `<key id>~<AES-256-GCM sealed { u: userId }>` from the secret box
 * (ENCRYPTION_KEYS), with its own associated data so no other sealed secret opens as a token.
 * Authenticated encryption makes it a signature too: a forged or altered token does not open. It
 * does not expire (a link in an old email must still work) and only ever turns email off.
 */
const CONTEXT = "notification-unsubscribe:v1";

export function unsubscribeToken(box: SecretBox, userId: string): string {
  const sealed = box.seal(JSON.stringify({ u: userId }), CONTEXT);
  return `${sealed.keyId}~${sealed.ciphertext}`;
}

/** The user id the token was made for, or null when it is not one of ours. */
export function readUnsubscribeToken(box: SecretBox, token: string): string | null {
  const at = token.indexOf("~");
  if (at <= 0) return null;
  try {
    const opened = JSON.parse(box.open({ keyId: token.slice(0, at), ciphertext: token.slice(at + 1) }, CONTEXT)) as {
      u?: unknown;
    };
    return typeof opened.u === "string" && /^[0-9a-f-]{36}$/i.test(opened.u) ? opened.u : null;
  } catch {
    return null;
  }
}
