import type pg from "pg";
import type { MembershipRole } from "./generated/prisma/enums";
import type { PrismaClient } from "./generated/prisma/client";
import type { SqlSession } from "./sql/builder";
import { ENTER_TENANT_SQL } from "./sql/wire";

export { ENTER_TENANT_SQL };

/** The client handed to code running inside a transaction. */
export type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Who a tenant transaction acts for:
 * - a session id the web server vouched for (checked, and its expiry rolled, in the same statement),
 * - or a user id the calling code vouches for itself (jobs, tests, a user who just signed in),
 * - or nobody yet (sign-in lookups, unattributed audit entries),
 * plus, optionally, the organization the call targets.
 */
export type TenantCredentials =
  | { sessionId: string; sessionTtlSeconds: number; userId?: string; orgId?: string | null }
  | { userId: string; orgId?: string | null }
  | { anonymous: true };

/** What runs inside the boundary: Prisma and typed SQL on the same transaction, and who it is for. */
export interface TenantTransaction {
  tx: TransactionClient;
  sql: SqlSession;
  userId: string | null;
  /** The caller's role in the requested organization (null when none was requested). */
  role: MembershipRole | null;
}

/** The boundary refused before any work: a dead session, or no membership in the organization. */
export class TenantRefusal extends Error {
  override name = "TenantRefusal";
  constructor(readonly reason: "session" | "membership") {
    super(reason === "session" ? "The session is revoked or expired." : "Not a member of this organization.");
  }
}


/** Enters the boundary on the transaction's connection; throws TenantRefusal when it must not go on. */
export async function enterTenant(
  connection: pg.PoolClient,
  who: TenantCredentials,
): Promise<{ userId: string | null; role: MembershipRole | null }> {
  if ("anonymous" in who) {
    await connection.query(ENTER_TENANT_SQL, [null, null, null, 0]);
    return { userId: null, role: null };
  }
  const sessionId = "sessionId" in who ? who.sessionId : null;
  const ttl = "sessionId" in who ? who.sessionTtlSeconds : 0;
  const orgId = who.orgId ?? null;
  const { rows } = await connection.query<{ user_id: string | null; org_role: MembershipRole | null }>(ENTER_TENANT_SQL, [
    sessionId,
    who.userId ?? null,
    orgId,
    ttl,
  ]);
  const row = rows[0];
  if (!row?.user_id) throw new TenantRefusal("session");
  if (orgId && !row.org_role) throw new TenantRefusal("membership");
  return { userId: row.user_id, role: row.org_role };
}
