import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * OWASP's "device cookie": after a successful sign-in the browser gets a token naming the
 * account it signed in to, signed with a key derived from the API's internal secret. A later
 * sign-in that presents a valid one for the same account is from a known device: it spends
 * that device's failure budget, not the account's, so a stranger who exhausts the account's
 * budget cannot lock its owner out of the browsers they already use.
 */
export interface DeviceTokens {
  issue(userId: string): string;
  /** The device's id when the token is genuine and for `userId`, else null. */
  verify(token: string | undefined, userId: string): string | null;
}

const VERSION = "d1";

export function createDeviceTokens(internalSecret: string | undefined): DeviceTokens {
  // No secret: nobody can sign in anyway (internal procedures refuse); tokens never verify.
  const key = internalSecret
    ? Buffer.from(hkdfSync("sha256", internalSecret, "agency-os", "device-cookie-v1", 32))
    : null;
  const sign = (payload: string) => createHmac("sha256", key ?? randomBytes(32)).update(payload).digest("base64url");
  return {
    issue(userId) {
      const payload = `${VERSION}.${userId}.${randomBytes(16).toString("base64url")}`;
      return `${payload}.${sign(payload)}`;
    },
    verify(token, userId) {
      if (!key || !token) return null;
      const parts = token.split(".");
      if (parts.length !== 4 || parts[0] !== VERSION || parts[1] !== userId) return null;
      const payload = parts.slice(0, 3).join(".");
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(parts[3]!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      return parts[2]!;
    },
  };
}
