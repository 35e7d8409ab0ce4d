import { hash, timingSafeEqual } from "node:crypto";

export const INTERNAL_SECRET_HEADER = "x-internal-secret";
export const SESSION_HEADER = "x-agency-session";

const digests = new Map<string, Buffer>();
// One-shot hashing, no Hash object per call: every /trpc and /api/v1 request from the web server is checked.
const digest = (value: string) => hash("sha256", value, "buffer");

/** Constant-time check of the web server's shared secret (hashing first equalises lengths). */
export function isInternalCaller(headers: { get(name: string): string | null }, secret: string | undefined): boolean {
  const presented = headers.get(INTERNAL_SECRET_HEADER);
  if (!secret || !presented) return false;
  let expected = digests.get(secret);
  if (!expected) digests.set(secret, (expected = digest(secret)));
  return timingSafeEqual(digest(presented), expected);
}
