import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export interface PrismaClientOptions {
  connectionString: string;
  /** Pool size of this process. */
  max?: number;
  /** Shows in pg_stat_activity. */
  applicationName?: string;
}

/**
 * Prisma's Rust-free client over node-postgres, with the connecting role's own
 * rights: for scripts (seed, large seed) and test fixtures. The API never uses
 * it; it reaches the database through `createDatabase` (the tenant boundary).
 */
export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "agency",
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
  });
  return new PrismaClient({ adapter });
}
