import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { ALL_PERMISSIONS, permissionSchema, type Permission } from "./permissions";
import { isoDateTime, text } from "./primitives";

/**
 * API keys: org-scoped service principals for machine clients. The secret is
 * `aos_live_<public id><secret><checksum>` (see apps/api/src/services/api-keys/key-format.ts);
 * lists show `prefix` (`aos_live_<public id>`), never the secret.
 */
export const API_KEY_TOKEN_PREFIX = "aos_live_";

/** How long the previous secret keeps working after a rotation, by default and at most. */
export const API_KEY_ROTATION_OVERLAP_DEFAULT_HOURS = 24;
export const API_KEY_ROTATION_OVERLAP_MAX_HOURS = 7 * 24;

export const apiKeyNameSchema = text({
  min: 2,
  minMessage: "Name must be at least 2 characters",
  max: 80,
  maxMessage: "Name must be at most 80 characters",
});

/** A non-empty set of permissions from the permission table; duplicates are dropped, order is the table's. */
export const apiKeyScopesSchema = z
  .array(permissionSchema)
  .min(1, "Choose at least one scope")
  .max(ALL_PERMISSIONS.length)
  .transform((scopes) => ALL_PERMISSIONS.filter((permission) => scopes.includes(permission)));

export const createApiKeyInputSchema = orgIdInputSchema.extend({
  name: apiKeyNameSchema,
  scopes: apiKeyScopesSchema,
  /** When the key stops working; none: until revoked. Must lie in the future (checked by the API). */
  expiresAt: isoDateTime({ offset: true }).optional(),
});

export const apiKeyIdInputSchema = orgIdInputSchema.extend({ apiKeyId: z.uuid() });

export const rotateApiKeyInputSchema = apiKeyIdInputSchema.extend({
  /** Hours the current secret keeps working beside the new one (0: it stops at once). */
  overlapHours: z
    .number()
    .int("Use whole hours")
    .min(0)
    .max(API_KEY_ROTATION_OVERLAP_MAX_HOURS, `At most ${API_KEY_ROTATION_OVERLAP_MAX_HOURS} hours`)
    .default(API_KEY_ROTATION_OVERLAP_DEFAULT_HOURS),
});

export const apiKeyStatusSchema = z.enum(["active", "expired", "revoked"]);
export type ApiKeyStatus = z.infer<typeof apiKeyStatusSchema>;

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** `aos_live_<public id>`: enough to recognise a key, useless to use it. */
  prefix: z.string(),
  scopes: z.array(permissionSchema),
  status: apiKeyStatusSchema,
  createdAt: z.iso.datetime(),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  /** Until when the secret replaced by the last rotation still works (null: none does). */
  previousSecretExpiresAt: z.iso.datetime().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to create and rotate: the key and its secret, shown this once. */
export const apiKeyWithSecretSchema = z.object({ key: apiKeySchema, secret: z.string() });

/** Scopes grouped by area for pickers (`task:read` → `task`). */
export function scopeGroups(
  permissions: readonly Permission[] = ALL_PERMISSIONS,
): { area: string; scopes: Permission[] }[] {
  const groups = new Map<string, Permission[]>();
  for (const permission of permissions) {
    const area = permission.split(":")[0]!;
    groups.set(area, [...(groups.get(area) ?? []), permission]);
  }
  return [...groups].map(([area, scopes]) => ({ area, scopes }));
}
