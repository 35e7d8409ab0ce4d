import type { SqlSession, TransactionClient } from "@agency/db";
import { roleHasPermission, type Permission, type Role } from "@agency/validators";

/** Where a request came from, for the audit trail and sessions. */
export interface RequestInfo {
  requestId: string;
  /** The client's address (the browser's, as the web server saw it), when known. */
  ip: string | null;
  userAgent: string | null;
}

/**
 * What a signed-in user's service call gets: the open transaction of the call (Prisma `tx`
 * and typed SQL `sql` on one connection, as app_user with RLS on), who acts, and where the
 * request came from. Services never reach the database any other way.
 */
export interface AccountScope {
  tx: TransactionClient;
  sql: SqlSession;
  /** `apiKey` when the actor is an API key (userId is then the key's service user). */
  actor: { userId: string; sessionId?: string; apiKey?: { id: string; scopes: Permission[] } };
  request: RequestInfo;
}

/** An organization-scoped call: the same transaction, entered for a verified member of `org`. */
export interface TenantScope extends AccountScope {
  org: { id: string; role: Role };
}

/**
 * What the acting member may do beyond the procedure's declared permission (business rules such
 * as "authors, or whoever holds project:write, edit a comment"): the role must allow it and, for
 * an API key, its scopes too.
 */
export function actorCan(scope: TenantScope, permission: Permission): boolean {
  return (
    roleHasPermission(scope.org.role, permission) &&
    (!scope.actor.apiKey || scope.actor.apiKey.scopes.includes(permission))
  );
}

/** A transaction before any identity exists (sign-in lookups, unattributed audit entries). */
export interface AnonymousScope {
  tx: TransactionClient;
  sql: SqlSession;
  request: RequestInfo;
}
