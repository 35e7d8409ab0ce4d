import { z } from "zod";

export const roleSchema = z.enum(["owner", "admin", "member", "viewer"]);
export type Role = z.infer<typeof roleSchema>;

/**
 * What each role may do. One table, used by the API guard (`can(...)`) and by
 * the web UI to hide what a user cannot do. Roles are cumulative downwards:
 * every permission of viewer is also member's, and so on.
 */
const VIEWER = ["org:read", "member:read", "client:read", "project:read", "task:read", "comment:read"] as const;
const MEMBER = [...VIEWER, "task:write", "comment:write", "assistant:use"] as const;
const ADMIN = [
  ...MEMBER,
  "org:update",
  "member:invite",
  "member:manage",
  "client:write",
  "project:write",
  "audit:read",
  "revenue:read",
  "apikey:manage",
  "integration:manage",
  // Billing: admins see invoices, retainers, balances and the ledger; only owners change money
  // (billing:manage, below). README "Billing and the ledger".
  "billing:read",
] as const;
const OWNER = [...ADMIN, "owner:manage", "billing:manage", "org:delete"] as const;

export const PERMISSIONS_BY_ROLE = {
  viewer: VIEWER,
  member: MEMBER,
  admin: ADMIN,
  owner: OWNER,
} as const satisfies Record<Role, readonly string[]>;

export type Permission = (typeof OWNER)[number];
export const ALL_PERMISSIONS: readonly Permission[] = OWNER;

export const permissionSchema = z.enum(OWNER);

/**
 * The least role whose permissions include all of `permissions` (null when none does). An API
 * key's service membership gets this role, so role-based business rules (only owners touch
 * owners, authors or project:write edit comments) treat a key no better than a person who holds
 * its scopes.
 */
export function leastRoleWith(permissions: readonly Permission[]): Role | null {
  const ascending = ["viewer", "member", "admin", "owner"] as const;
  return ascending.find((role) => permissions.every((permission) => roleHasPermission(role, permission))) ?? null;
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS_BY_ROLE[role] as readonly string[]).includes(permission);
}
