import { API_KEY_TOKEN_PREFIX } from "@agency/validators";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * The API key token, GitHub-token style so secret scanners can spot a leaked key and reject
 * typos offline:
 *
 *   aos_live_ <public id: 12> <secret: 43> <checksum: 6>      (all base62)
 *
 * - the public id (~71 bits, random, stored as the key's `prefix`) names the key without the
 *   database: the rate limiter keys on it before any work, lists show `aos_live_<public id>`;
 *   it stays the same across rotations;
 * - the secret: 43 base62 characters, 256 bits from the CSPRNG;
 * - the checksum: CRC32 of everything before it, 6 base62 characters. It is not a MAC — it only
 *   lets a scanner or the API refuse a mistyped or made-up token without a lookup.
 *
 * Only the SHA-256 of the whole token is stored. A 256-bit secret needs no slow hash: nothing
 * guessable is hashed, and the lookup is an index probe on the hash (no comparison of secrets in
 * JavaScript; the checksum comparison below is constant-time anyway).
 */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const PUBLIC_ID_LENGTH = 12;
export const SECRET_LENGTH = 43;
export const CHECKSUM_LENGTH = 6;
const TOKEN = new RegExp(
  `^${API_KEY_TOKEN_PREFIX}([0-9A-Za-z]{${PUBLIC_ID_LENGTH}})([0-9A-Za-z]{${SECRET_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);
export const API_KEY_TOKEN_LENGTH = API_KEY_TOKEN_PREFIX.length + PUBLIC_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

/** `length` uniformly random base62 characters (rejection sampling: bytes ≥ 248 would bias). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function checksum(body: string): string {
  let value = crc32(body);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export const hashApiKeySecret = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new public id (a key's `prefix`). */
export const newPublicId = () => randomBase62(PUBLIC_ID_LENGTH);

/** A fresh token for the key with this public id, and the hash to store. */
export function newApiKeyToken(publicId: string): { token: string; secretHash: string } {
  const body = `${API_KEY_TOKEN_PREFIX}${publicId}${randomBase62(SECRET_LENGTH)}`;
  const token = body + checksum(body);
  return { token, secretHash: hashApiKeySecret(token) };
}

/** What a presented token says without the database: its public id and the hash to look up. */
export interface ApiKeyCredential {
  publicId: string;
  secretHash: string;
}

/** The token's parts when it is well formed and its checksum holds; null otherwise. */
export function parseApiKeyToken(token: string): ApiKeyCredential | null {
  if (token.length !== API_KEY_TOKEN_LENGTH) return null;
  const match = TOKEN.exec(token);
  if (!match) return null;
  const expected = Buffer.from(checksum(token.slice(0, -CHECKSUM_LENGTH)));
  if (!timingSafeEqual(expected, Buffer.from(match[3]!))) return null;
  return { publicId: match[1]!, secretHash: hashApiKeySecret(token) };
}

/** How lists show a key: enough to recognise it, useless to use it. */
export const displayPrefix = (publicId: string) => `${API_KEY_TOKEN_PREFIX}${publicId}`;
