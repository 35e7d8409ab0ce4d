import type { Prisma, PrismaClient } from "@agency/db";
import type { Role } from "@agency/validators";

/** Where a request came from, for the audit trail and sessions. */
export interface ClientOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

export interface RequestOrigin extends ClientOrigin {
  requestId: string;
}

/** What an organization-scoped service call needs: plain arguments, not the tRPC context. */
export interface OrgScope {
  prisma: PrismaClient;
  actor: { userId: string };
  org: { id: string; role: Role };
  origin: RequestOrigin;
}

/** Runs `fn` in one transaction under RLS as the acting user in the active organization (orgProcedure's `ctx.db`). */
export type TenantDb = <T>(fn: (tx: Prisma.TransactionClient) => Promise<T>) => Promise<T>;

/** An org-scoped service call that works through the RLS transaction runner instead of the raw client. */
export interface TenantScope extends Omit<OrgScope, "prisma"> {
  db: TenantDb;
}
