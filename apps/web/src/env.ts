import { describeEnvIssues, webEnvSchema } from "@agency/validators";
import { z } from "zod";

// NODE_ENV is set by Next itself (development for `next dev`, production for build/start).
const schema = webEnvSchema.extend({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
});

// Parsed once when the server starts; a bad value stops it with one clear line.
const parsed = schema.safeParse(process.env);
if (!parsed.success) {
  throw new Error(`agency-web: Invalid environment: ${describeEnvIssues(parsed.error)}`);
}

export const webEnv = parsed.data;
export const isProduction = webEnv.NODE_ENV === "production";
