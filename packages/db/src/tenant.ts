import type { PrismaClient } from "./generated/prisma/client";

/** The client handed to code running inside a transaction. */
export type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface TenantScope {
  userId: string | null;
  orgId: string | null;
}

/**
 * Runs `fn` in one transaction as the `app_user` role (no BYPASSRLS) with
 * `app.user_id` / `app.org_id` set transaction-locally, so row-level security
 * decides what every query sees. The settings end with the transaction:
 * pooled connections (and PgBouncer in transaction mode) cannot leak them.
 */
export function withTenant<T>(
  prisma: PrismaClient,
  scope: TenantScope,
  fn: (tx: TransactionClient) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL ROLE app_user`;
      await tx.$executeRaw`SELECT set_config('app.user_id', ${scope.userId ?? ""}, true), set_config('app.org_id', ${scope.orgId ?? ""}, true)`;
      return fn(tx);
    },
    { timeout: options.timeoutMs ?? 10_000, maxWait: 5_000 },
  );
}
