import type { AnyTRPCRouter } from "@trpc/server";
import type { ProcedureMeta } from "../trpc/trpc";
import type { RateLimitName } from "./limits";

/** A call to a path the router does not have still spends a read: probing is not free. */
const UNKNOWN_PATH_LIMIT: RateLimitName = "read";

/** Each procedure path's declared rate-limit class, read once from the router. */
export function procedureLimits(router: AnyTRPCRouter): (path: string) => RateLimitName {
  const procedures = router._def.procedures as Record<string, { _def: { meta?: ProcedureMeta } }>;
  const limits = new Map<string, RateLimitName>();
  for (const [path, procedure] of Object.entries(procedures)) {
    const limit = procedure._def.meta?.limit;
    if (limit) limits.set(path, limit);
  }
  return (path) => limits.get(path) ?? UNKNOWN_PATH_LIMIT;
}
