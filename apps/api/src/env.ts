import { apiEnvSchema, describeEnvIssues, workerEnvSchema, type ApiEnv, type WorkerEnv } from "@agency/validators";

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses the API's environment once. Throws one line naming every bad variable. */
export function loadApiEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const result = apiEnvSchema.safeParse(source);
  if (!result.success) throw new EnvError(`Invalid environment: ${describeEnvIssues(result.error)}`);
  return result.data;
}

/** Parses the job worker's environment once (src/worker.ts). */
export function loadWorkerEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const result = workerEnvSchema.safeParse(source);
  if (!result.success) throw new EnvError(`Invalid environment: ${describeEnvIssues(result.error)}`);
  return result.data;
}
