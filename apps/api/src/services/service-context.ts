import type { PrismaClient } from "@agency/db";
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
