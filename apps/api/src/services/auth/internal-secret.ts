import { createHash, timingSafeEqual } from "node:crypto";

export const INTERNAL_SECRET_HEADER = "x-internal-secret";
export const SESSION_HEADER = "x-agency-session";

/** Constant-time check of the web server's shared secret (hashing first equalises lengths). */
export function isInternalCaller(headers: { get(name: string): string | null }, secret: string | undefined): boolean {
  const presented = headers.get(INTERNAL_SECRET_HEADER);
  if (!secret || !presented) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}
