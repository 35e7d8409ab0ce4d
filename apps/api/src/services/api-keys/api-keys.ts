import { sql } from "@agency/db";
import {
  leastRoleWith,
  PERMISSIONS_BY_ROLE,
  type ApiKey,
  type ApiKeyStatus,
  type createApiKeyInputSchema,
  type Permission,
  type rotateApiKeyInputSchema,
} from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../../errors/app-error";
import { audited } from "../audit";
import type { TenantScope } from "../scope";
import { unassignMemberTasks } from "../tasks/unassign-member";
import { displayPrefix, newApiKeyToken, newPublicId } from "./key-format";

/** Keys an organization may hold that are not revoked (a bound on what a leaked admin session can mint). */
export const MAX_LIVE_KEYS_PER_ORG = 50;
/** The list shows the newest keys, revoked ones included. */
const LIST_LIMIT = 200;
const HOUR_MS = 3_600_000;

const COLUMNS = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  createdById: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  previousExpiresAt: true,
  serviceUserId: true,
} as const;

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  createdById: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  previousExpiresAt: Date | null;
}

function statusOf(row: KeyRow, now: number): ApiKeyStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now) return "expired";
  return "active";
}

function toApiKeyDto(row: KeyRow, creators: Map<string, string>, now = Date.now()): ApiKey {
  const previousLive = row.previousExpiresAt && row.previousExpiresAt.getTime() > now && !row.revokedAt;
  return {
    id: row.id,
    name: row.name,
    prefix: displayPrefix(row.prefix),
    scopes: row.scopes as Permission[],
    status: statusOf(row, now),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdById ? { id: row.createdById, name: creators.get(row.createdById) ?? "Former member" } : null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    previousSecretExpiresAt: previousLive ? row.previousExpiresAt!.toISOString() : null,
  };
}

/** Creator names in one query (RLS: members of this organization; others read as "Former member"). */
async function creatorNames(scope: TenantScope, rows: KeyRow[]) {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => id !== null))];
  if (!ids.length) return new Map<string, string>();
  const users = await scope.tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

async function findKey(scope: TenantScope, apiKeyId: string) {
  const row = await scope.tx.apiKey.findFirst({ where: { id: apiKeyId, orgId: scope.org.id }, select: COLUMNS });
  if (!row) throw new AppError("NOT_FOUND", "API key not found.");
  return row;
}

/** The permissions the actor may hand to a key: its role's, and for a key only its own scopes. */
function grantable(scope: TenantScope): readonly Permission[] {
  const byRole = PERMISSIONS_BY_ROLE[scope.org.role] as readonly Permission[];
  const key = scope.actor.apiKey;
  return key ? byRole.filter((permission) => key.scopes.includes(permission)) : byRole;
}

/**
 * A person mints keys only once their email is verified (an unverified sign-up may be someone
 * else's address); a key minting a key acts for the verified admin who made it.
 */
async function requireVerifiedEmail(scope: TenantScope) {
  if (scope.actor.apiKey) return;
  const user = await scope.tx.user.findUnique({ where: { id: scope.actor.userId }, select: { emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) {
    throw new AppError(
      "FORBIDDEN",
      "Verify your email address first: open the link we sent you, or send a new one from your account settings.",
      { reason: "email_unverified" },
    );
  }
}

export async function listApiKeys(scope: TenantScope) {
  const rows = await scope.tx.apiKey.findMany({
    where: { orgId: scope.org.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LIST_LIMIT,
    select: COLUMNS,
  });
  const creators = await creatorNames(scope, rows);
  return rows.map((row) => toApiKeyDto(row, creators));
}

/** One key of this organization, revoked or expired ones included: its prefix, never its secret. */
export async function getApiKey(scope: TenantScope, apiKeyId: string) {
  const row = await findKey(scope, apiKeyId);
  return toApiKeyDto(row, await creatorNames(scope, [row]));
}

/**
 * Creates a key with at most the creator's permissions (a key creating a key: at most its own
 * scopes), as a service user with the least role that holds those scopes, and returns its
 * secret — the only time it is ever shown.
 */
export async function createApiKey(scope: TenantScope, input: z.output<typeof createApiKeyInputSchema>) {
  await requireVerifiedEmail(scope);
  const allowed = grantable(scope);
  const beyond = input.scopes.filter((permission) => !allowed.includes(permission));
  if (beyond.length) {
    const whose = scope.actor.apiKey ? "this API key holds" : "your role allows";
    throw new AppError("FORBIDDEN", `A key cannot get more than ${whose}: ${beyond.join(", ")}.`, { scopes: beyond });
  }
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new AppError("VALIDATION_ERROR", "The expiry must lie in the future.", {
      issues: [{ path: ["expiresAt"], message: "The expiry must lie in the future." }],
    });
  }
  const live = await scope.tx.apiKey.count({ where: { orgId: scope.org.id, revokedAt: null } });
  if (live >= MAX_LIVE_KEYS_PER_ORG) {
    throw new AppError(
      "CONFLICT",
      `An organization holds at most ${MAX_LIVE_KEYS_PER_ORG} API keys. Revoke one first.`,
    );
  }
  const publicId = newPublicId();
  const { token, secretHash } = newApiKeyToken(publicId);
  const role = leastRoleWith(input.scopes)!;
  const created = await scope.sql.first(
    sql<{ id: string }>`SELECT app_create_api_key(${input.name}, ${publicId}, ${secretHash}, ${input.scopes}::text[],
      ${role}::membership_role, ${expiresAt}::timestamptz) AS id`,
  );
  const row = await findKey(scope, created!.id);
  await audited(
    scope,
    "apikey.created",
    { type: "api_key", id: row.id },
    {
      name: row.name,
      prefix: displayPrefix(row.prefix),
      scopes: row.scopes,
      expiresAt: row.expiresAt?.toISOString() ?? null,
    },
  );
  return { key: toApiKeyDto(row, await creatorNames(scope, [row])), secret: token };
}

/**
 * Revokes a key: it stops working at once, and its service membership goes, so RLS itself
 * refuses it from then on (its tasks are unassigned first, like a departing member's).
 * Revoking a revoked key changes nothing.
 */
export async function revokeApiKey(scope: TenantScope, apiKeyId: string) {
  const row = await findKey(scope, apiKeyId);
  const creators = await creatorNames(scope, [row]);
  if (row.revokedAt) return toApiKeyDto(row, creators);
  // Audit first: a key revoking itself is no member once its membership is gone.
  await audited(
    scope,
    "apikey.revoked",
    { type: "api_key", id: row.id },
    { name: row.name, prefix: displayPrefix(row.prefix) },
  );
  const revokedAt = new Date();
  await scope.tx.apiKey.update({ where: { id: row.id }, data: { revokedAt }, select: { id: true } });
  await unassignMemberTasks(scope.tx, scope.org.id, row.serviceUserId);
  await scope.tx.membership.deleteMany({ where: { orgId: scope.org.id, userId: row.serviceUserId } });
  return toApiKeyDto({ ...row, revokedAt }, creators);
}

/**
 * A new secret for a live key; the current one keeps working for `overlapHours` (0: stops now),
 * so clients can switch without downtime. A rotation during an overlap ends the older secret.
 */
export async function rotateApiKey(scope: TenantScope, input: z.output<typeof rotateApiKeyInputSchema>) {
  const row = await findKey(scope, input.apiKeyId);
  const status = statusOf(row, Date.now());
  if (status !== "active") throw new AppError("CONFLICT", `This API key is ${status}; create a new one instead.`);
  const current = await scope.tx.apiKey.findUniqueOrThrow({ where: { id: row.id }, select: { secretHash: true } });
  const { token, secretHash } = newApiKeyToken(row.prefix);
  const previousExpiresAt = input.overlapHours > 0 ? new Date(Date.now() + input.overlapHours * HOUR_MS) : null;
  const updated = await scope.tx.apiKey.update({
    where: { id: row.id },
    data: {
      secretHash,
      previousSecretHash: previousExpiresAt ? current.secretHash : null,
      previousExpiresAt,
    },
    select: COLUMNS,
  });
  await audited(
    scope,
    "apikey.rotated",
    { type: "api_key", id: row.id },
    {
      name: row.name,
      prefix: displayPrefix(row.prefix),
      overlapHours: input.overlapHours,
    },
  );
  return { key: toApiKeyDto(updated, await creatorNames(scope, [updated])), secret: token };
}
