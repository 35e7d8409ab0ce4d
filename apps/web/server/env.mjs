// @ts-check
/**
 * The custom server's own settings, parsed once at start. The app's env (src/env.ts, zod schema
 * in @agency/validators) is TypeScript that only Next compiles, so this plain-JavaScript file
 * cannot import it: TRUST_PROXY is parsed here the same way (server/env.test.ts holds the two
 * together), and proxy-addr itself judges each list entry.
 */
import { z } from "zod";
import { compileTrustProxy } from "./client-address.mjs";

const schema = z.object({
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface to listen on; unset: every interface, like `next start`. */
  WEB_HOST: z.string().trim().min(1).optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .min(1)
    .default("false")
    .transform((v) => (v === "true" ? true : v === "false" ? false : v)),
});

/**
 * @param {{ dev: boolean }} mode `--dev` on the command line
 * @param {Record<string, string | undefined>} source
 */
export function loadServerEnv(mode, source = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`agency-web: Invalid environment: ${issues}`);
  }
  let trustProxy;
  try {
    trustProxy = compileTrustProxy(parsed.data.TRUST_PROXY);
  } catch (error) {
    throw new Error(`agency-web: Invalid environment: TRUST_PROXY: ${/** @type {Error} */ (error).message}`);
  }
  return {
    dev: mode.dev,
    port: parsed.data.WEB_PORT,
    host: parsed.data.WEB_HOST,
    trustProxySetting: parsed.data.TRUST_PROXY,
    trustProxy,
  };
}

/**
 * Next picks its development or production build of React from NODE_ENV when it loads: set it
 * before importing next, from the mode unless the caller chose.
 * @param {{ dev: boolean }} mode
 */
export function settleNodeEnv(mode) {
  // Next types NODE_ENV as read-only: this is the one place that sets it, before Next exists.
  const target = /** @type {Record<string, string | undefined>} */ (process.env);
  target.NODE_ENV ??= mode.dev ? "development" : "production";
  target.NEXT_TELEMETRY_DISABLED ??= "1";
}
