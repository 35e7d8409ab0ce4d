import type { Database } from "@agency/db";
import { createHash } from "node:crypto";
import type { RateLimiterRegistry } from "../../rate-limit/limiter-registry";
import type { DeviceTokens } from "./device-tokens";

/** What the flows before and around sign-in need: they open their own transactions. */
export interface AuthDeps {
  db: Database;
  limiters: RateLimiterRegistry;
  deviceTokens: DeviceTokens;
  sessionTtlHours: number;
  /** The web app's public origin, for links in emails. */
  appUrl: string;
}

/** Limiter keys end up in Redis: emails never do, only their hash. */
export const emailKey = (email: string) => createHash("sha256").update(email).digest("hex");

/**
 * Spends one of the address's auth-mail budget; false when it is used up, and the caller then
 * sends nothing while answering exactly as if it had (no enumeration, no mail bombing).
 */
export async function mayMail(deps: Pick<AuthDeps, "limiters">, email: string): Promise<boolean> {
  return (await deps.limiters.consume("authMail", `mail:${emailKey(email)}`)).allowed;
}

export const appLink = (appUrl: string, path: string) => `${appUrl.replace(/\/+$/, "")}${path}`;
