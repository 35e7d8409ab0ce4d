import { z } from "zod";

const optionalPostgresUrl = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
  )
  .optional();

const dbEnvSchema = z.object({
  DATABASE_URL: optionalPostgresUrl,
  TEST_DATABASE_URL: optionalPostgresUrl,
  // Set by setupTestPostgres() (vitest globalSetup) for the test workers it spawns.
  TEST_PG_ADMIN_URL: optionalPostgresUrl,
  TEST_PG_TEMPLATE: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
});

/** The database package's environment, read where it is needed (values change in tests). */
export function readDbEnv(source: NodeJS.ProcessEnv = process.env) {
  const result = dbEnvSchema.safeParse(source);
  if (!result.success) {
    throw new Error(
      `Invalid environment: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return result.data;
}

/** Environment for child processes (the Prisma CLI): everything this process has, plus overrides. */
export function childProcessEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** Hands the test server and template to vitest workers, which inherit the environment. */
export function publishTestDatabase(adminUrl: string, template: string) {
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
