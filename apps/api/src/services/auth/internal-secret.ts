import { createHash, timingSafeEqual } from "node:crypto";

export const INTERNAL_SECRET_HEADER = "x-internal-secret";
export const SESSION_HEADER = "x-agency-session";

const digests = new Map<string, Buffer>();
const digest = (value: string) => createHash("sha256").update(value).digest();

/** Constant-time check of the web server's shared secret (hashing first equalises lengths). */
export function isInternalCaller(headers: { get(name: string): string | null }, secret: string | undefined): boolean {
  const presented = headers.get(INTERNAL_SECRET_HEADER);
  if (!secret || !presented) return false;
  let expected = digests.get(secret);
  if (!expected) digests.set(secret, (expected = digest(secret)));
  return timingSafeEqual(digest(presented), expected);
}
