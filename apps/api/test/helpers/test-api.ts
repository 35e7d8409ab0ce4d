import { createPrismaClient } from "@agency/db";
import { createIsolatedDatabase } from "@agency/db/testing";
import { apiEnvSchema } from "@agency/validators";
import type { AnyTRPCRouter } from "@trpc/server";
import type { AddressInfo } from "node:net";
import { createApi, type CreateApiOptions } from "../../src/app";
import { createLogger } from "../../src/observability/logger";
import { startFakeStripe } from "../support/fake-stripe";
import { SAMPLE_STRIPE_KEY } from "./sample-inputs";

export const ALLOWED_ORIGIN = "http://allowed.test";

export interface TestApiOptions {
  env?: Record<string, string>;
  rateLimitOverrides?: CreateApiOptions["rateLimitOverrides"];
  slowShutdownStepMs?: CreateApiOptions["slowShutdownStepMs"];
  router?: AnyTRPCRouter;
  /** Use this database URL instead of a fresh isolated database. */
  databaseUrl?: string;
  spanProcessor?: CreateApiOptions["spanProcessor"];
}

/** A real API on a random port against its own migrated database, with logs captured in memory. */
export async function startTestApi(options: TestApiOptions = {}) {
  const db = options.databaseUrl ? null : await createIsolatedDatabase();
  // Stripe is never reached from tests: the SDK talks to a local fake (support/fake-stripe.ts).
  const stripe = await startFakeStripe();
  stripe.addAccount(SAMPLE_STRIPE_KEY, { name: "Sample Agency" });
  const logLines: string[] = [];
  const env = apiEnvSchema.parse({
    DATABASE_URL: options.databaseUrl ?? db!.url,
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    CORS_ORIGINS: ALLOWED_ORIGIN,
    DATABASE_POOL_MAX: "4",
    STRIPE_API_BASE_URL: stripe.url,
    STRIPE_TIMEOUT_MS: "2000",
    ...options.env,
  });
  const log = createLogger({ level: env.LOG_LEVEL, destination: { write: (line: string) => void logLines.push(line) } });
  const api = await createApi({
    env,
    log,
    rateLimitOverrides: options.rateLimitOverrides,
    router: options.router,
    spanProcessor: options.spanProcessor,
    slowShutdownStepMs: options.slowShutdownStepMs,
  });
  // Fixtures are written with the connecting role's own rights (the API itself never uses them).
  const prisma = createPrismaClient({ connectionString: env.DATABASE_URL, max: 2, applicationName: "agency-test-fixtures" });
  return {
    api,
    prisma,
    /** The fake Stripe this API's SDK calls go to. */
    stripe,
    databaseUrl: env.DATABASE_URL,
    /** Parsed JSON log lines. */
    logs: () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>),
    rawLogs: () => logLines.join(""),
    async listen() {
      await api.app.listen({ host: "127.0.0.1", port: 0 });
      const { port } = api.app.server.address() as AddressInfo;
      return `http://127.0.0.1:${port}`;
    },
    async close() {
      await api.close();
      await prisma.$disconnect();
      await stripe.close();
      await db?.drop();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;

/** POSTs a tRPC mutation (non-batched) and returns status, headers and parsed body. */
export async function trpcMutation(base: string, path: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as TrpcErrorBody };
}

export interface TrpcErrorBody {
  error: {
    code: number;
    message: string;
    requestId: string;
    details?: { issues?: { path: (string | number)[]; message: string }[] } & Record<string, unknown>;
    data: { code: string; httpStatus: number; requestId: string; path?: string };
  };
}
