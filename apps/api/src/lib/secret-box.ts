import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Encryption at rest for secrets the API must use again (webhook signing secrets, Slack URLs;
 * later billing's): AES-256-GCM with a random 96-bit IV and the caller's context as associated
 * data, so a ciphertext copied to another row or organization does not open. Each ciphertext is
 * stored beside the id of the key that sealed it: rotate by putting a new key first in
 * ENCRYPTION_KEYS (it seals from then on) and keeping the old ones until every row is re-sealed.
 * Only node:crypto: a library would add nothing over these ~40 lines.
 */
export interface SealedSecret {
  keyId: string;
  /** `<iv>.<tag>.<ciphertext>`, each base64url. */
  ciphertext: string;
}

export interface SecretBox {
  /** Id of the key new secrets are sealed with. */
  readonly currentKeyId: string;
  seal(plaintext: string, context: string): SealedSecret;
  open(sealed: SealedSecret, context: string): string;
}

export class SecretBoxUnavailable extends Error {
  override name = "SecretBoxUnavailable";
}

export interface EncryptionKey {
  id: string;
  /** 32 bytes, base64. */
  key: string;
}

export function createSecretBox(keys: readonly EncryptionKey[]): SecretBox {
  if (keys.length === 0) throw new Error("createSecretBox needs at least one key");
  const byId = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    const bytes = Buffer.from(key, "base64");
    if (bytes.length !== 32) throw new Error(`encryption key ${id} is not 32 bytes`);
    byId.set(id, bytes);
  }
  const current = keys[0]!.id;
  return {
    currentKeyId: current,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", byId.get(current)!, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
      return { keyId: current, ciphertext: parts.join(".") };
    },
    open(sealed, context) {
      const key = byId.get(sealed.keyId);
      if (!key) throw new SecretBoxUnavailable(`encryption key ${sealed.keyId} is not configured`);
      const [iv, tag, body] = sealed.ciphertext.split(".").map((p) => Buffer.from(p, "base64url"));
      if (!iv || !tag || !body) throw new Error("malformed ciphertext");
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    },
  };
}

/** Refuses every use: production without ENCRYPTION_KEYS stores no secret at all. */
const unavailableBox: SecretBox = {
  currentKeyId: "none",
  seal() {
    throw new SecretBoxUnavailable("ENCRYPTION_KEYS is not set: secrets cannot be stored");
  },
  open() {
    throw new SecretBoxUnavailable("ENCRYPTION_KEYS is not set: secrets cannot be read");
  },
};

/** A fixed key for development and tests only (never in production): stored secrets survive restarts. */
const DEVELOPMENT_KEY: EncryptionKey = {
  id: "dev",
  key: createHash("sha256").update("agency-os development encryption key (not secret)").digest("base64"),
};

/** The box the env describes: ENCRYPTION_KEYS, else ENCRYPTION_KEY (id k1), else the development key outside production. */
export function secretBoxFromEnv(env: {
  NODE_ENV: string;
  ENCRYPTION_KEYS?: EncryptionKey[];
  ENCRYPTION_KEY?: string;
}): { box: SecretBox; source: "keys" | "development" | "none" } {
  if (env.ENCRYPTION_KEYS?.length) return { box: createSecretBox(env.ENCRYPTION_KEYS), source: "keys" };
  if (env.ENCRYPTION_KEY) return { box: createSecretBox([{ id: "k1", key: env.ENCRYPTION_KEY }]), source: "keys" };
  if (env.NODE_ENV !== "production") return { box: createSecretBox([DEVELOPMENT_KEY]), source: "development" };
  return { box: unavailableBox, source: "none" };
}
