import { z } from "zod";
import { roleSchema } from "./permissions";
import { text } from "./primitives";

/**
 * The organization a call targets. Optional on the wire: a signed-in person must send it (or the
 * x-org-id header; without either the API answers 400 "Choose an organization" before any work),
 * an API key defaults to its own organization. Services read the verified `scope.org.id`, never
 * this field.
 */
export const orgIdInputSchema = z.object({ orgId: z.uuid("Unknown organization").optional() });

export const organizationNameSchema = text({
  min: 2,
  minMessage: "Name must be at least 2 characters",
  max: 80,
  maxMessage: "Name must be at most 80 characters",
});
export const organizationSlugSchema = text({
  case: "lower",
  min: 3,
  minMessage: "Slug must be at least 3 characters",
  max: 48,
  maxMessage: "Slug must be at most 48 characters",
}).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens");

export const createOrganizationInputSchema = z.object({
  name: organizationNameSchema,
  slug: organizationSlugSchema.optional(),
});
export const updateOrganizationInputSchema = orgIdInputSchema.extend({ name: organizationNameSchema });

export const organizationSchema = z.object({ id: z.uuid(), name: z.string(), slug: z.string(), role: roleSchema });

export const memberSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  joinedAt: z.iso.datetime(),
});
export type MemberDto = z.infer<typeof memberSchema>;

/** A member, by their user id (members.get). */
export const memberIdInputSchema = orgIdInputSchema.extend({ userId: z.uuid() });
export const changeMemberRoleInputSchema = memberIdInputSchema.extend({ role: roleSchema });
export const removeMemberInputSchema = memberIdInputSchema;

/** "Northwind Agency!" → "northwind-agency". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug.length >= 3 ? slug : `org-${slug || "new"}`;
}
