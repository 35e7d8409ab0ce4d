import type pg from "pg";
import type { MembershipRole } from "./generated/prisma/enums";
import type { PrismaClient } from "./generated/prisma/client";
import type { SqlSession } from "./sql/builder";
import { ENTER_KEY_SQL, ENTER_TENANT_SQL } from "./sql/wire";

export { ENTER_KEY_SQL, ENTER_TENANT_SQL };

/** The client handed to code running inside a transaction. */
export type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Who a tenant transaction acts for:
 * - a session id the web server vouched for (checked, and its expiry rolled, in the same statement),
 * - or a user id the calling code vouches for itself (jobs, tests, a user who just signed in),
 * - or an API key, by the SHA-256 (hex) of its secret: it acts as its service user, in its own
 *   organization (a different `orgId` is refused like a non-member; none means the key's own),
 * - or nobody yet (sign-in lookups, unattributed audit entries),
 * plus, optionally, the organization the call targets.
 */
export type TenantCredentials =
  | { sessionId: string; sessionTtlSeconds: number; userId?: string; orgId?: string | null }
  | { userId: string; orgId?: string | null }
  | { apiKeySecretHash: string; orgId?: string | null }
  | { anonymous: true };

/** The key a transaction entered with (API key credentials only). */
export interface EnteredApiKey {
  id: string;
  orgId: string;
  /** Permission names the key was granted. */
  scopes: string[];
}

/** What runs inside the boundary: Prisma and typed SQL on the same transaction, and who it is for. */
export interface TenantTransaction {
  tx: TransactionClient;
  sql: SqlSession;
  userId: string | null;
  /** The caller's role in the requested organization (null when none was requested). */
  role: MembershipRole | null;
  /** The active organization: the requested one, or an API key's own. */
  orgId: string | null;
  /** Set when the caller is an API key. */
  apiKey: EnteredApiKey | null;
}

const REFUSALS = {
  session: "The session is revoked or expired.",
  apiKey: "The API key is unknown, revoked or expired.",
  membership: "Not a member of this organization.",
} as const;

/** The boundary refused before any work: a dead session or key, or no membership in the organization. */
export class TenantRefusal extends Error {
  override name = "TenantRefusal";
  constructor(readonly reason: keyof typeof REFUSALS) {
    super(REFUSALS[reason]);
  }
}

type Entered = Pick<TenantTransaction, "userId" | "role" | "orgId" | "apiKey">;

/** An API key enters with one statement too; a dead key is refused, a foreign organization is a non-member's. */
async function enterWithKey(connection: pg.PoolClient, who: { apiKeySecretHash: string; orgId?: string | null }): Promise<Entered> {
  const { rows } = await connection.query<{
    user_id: string | null;
    org_id: string;
    key_id: string;
    scopes: string[];
    org_role: MembershipRole | null;
  }>(ENTER_KEY_SQL, [who.apiKeySecretHash, who.orgId ?? null]);
  const row = rows[0];
  if (!row?.user_id) throw new TenantRefusal("apiKey");
  if (!row.org_role) throw new TenantRefusal("membership");
  return {
    userId: row.user_id,
    role: row.org_role,
    orgId: row.org_id,
    apiKey: { id: row.key_id, orgId: row.org_id, scopes: row.scopes },
  };
}


/** Enters the boundary on the transaction's connection; throws TenantRefusal when it must not go on. */
export async function enterTenant(
  connection: pg.PoolClient,
  who: TenantCredentials,
): Promise<Entered> {
  if ("anonymous" in who) {
    await connection.query(ENTER_TENANT_SQL, [null, null, null, 0]);
    return { userId: null, role: null, orgId: null, apiKey: null };
  }
  if ("apiKeySecretHash" in who) return enterWithKey(connection, who);
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
  return { userId: row.user_id, role: row.org_role, orgId: row.org_role ? orgId : null, apiKey: null };
}
