import { describeEnvIssues, webEnvSchema } from "@agency/validators";

// Parsed once when the server starts; a bad value stops it with one clear line.
const parsed = webEnvSchema.safeParse(process.env);
if (!parsed.success) {
  throw new Error(`agency-web: Invalid environment: ${describeEnvIssues(parsed.error)}`);
}

export const webEnv = parsed.data;
