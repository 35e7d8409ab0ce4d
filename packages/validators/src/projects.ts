import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";

export const projectStatusSchema = z.enum(["planned", "active", "on_hold", "completed", "cancelled"]);

/** A calendar date, `YYYY-MM-DD` (no time zone: due dates are days). */
export const isoDateSchema = z.iso.date("Use a date like 2026-12-31");

/** ISO 4217 currency code, e.g. USD, EUR. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter currency code like USD");

/** Money in minor units (cents); a safe integer ≥ 0. */
export const minorUnitsSchema = z
  .number()
  .int("Use whole minor units (cents)")
  .min(0, "Budget cannot be negative")
  .max(Number.MAX_SAFE_INTEGER);

const projectFields = {
  clientId: z.uuid("Choose a client"),
  name: z.string().trim().min(1, "Name is required").max(120, "Name must be at most 120 characters"),
  description: z.string().max(10_000, "Description must be at most 10,000 characters"),
  status: projectStatusSchema,
  budgetMinor: minorUnitsSchema.nullable(),
  currency: currencySchema,
  startDate: isoDateSchema.nullable(),
  dueDate: isoDateSchema.nullable(),
};

const datesOrdered = (value: { startDate?: string | null; dueDate?: string | null }) =>
  !value.startDate || !value.dueDate || value.dueDate >= value.startDate;
const datesMessage = { message: "The due date cannot be before the start date", path: ["dueDate"] };

export const createProjectInputSchema = orgIdInputSchema
  .extend({
    clientId: projectFields.clientId,
    name: projectFields.name,
    description: projectFields.description.default(""),
    status: projectFields.status.default("active"),
    budgetMinor: projectFields.budgetMinor.default(null),
    currency: projectFields.currency.default("USD"),
    startDate: projectFields.startDate.default(null),
    dueDate: projectFields.dueDate.default(null),
  })
  .refine(datesOrdered, datesMessage);

export const projectPatchSchema = z
  .object({
    clientId: projectFields.clientId.optional(),
    name: projectFields.name.optional(),
    description: projectFields.description.optional(),
    status: projectFields.status.optional(),
    budgetMinor: projectFields.budgetMinor.optional(),
    currency: projectFields.currency.optional(),
    startDate: projectFields.startDate.optional(),
    dueDate: projectFields.dueDate.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "Change at least one field")
  .refine(datesOrdered, datesMessage);

export const updateProjectInputSchema = orgIdInputSchema.extend({
  projectId: z.uuid(),
  /** The version the editor saw; a stale one gets CONFLICT with the current record. */
  expectedVersion: z.number().int().min(1),
  patch: projectPatchSchema,
});

export const projectIdInputSchema = orgIdInputSchema.extend({ projectId: z.uuid() });
export const deleteProjectInputSchema = projectIdInputSchema.extend({ expectedVersion: z.number().int().min(1) });

export const listProjectsInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({
  clientId: z.uuid().optional(),
  status: projectStatusSchema.optional(),
  /** Case-insensitive match on the name. */
  search: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(["name", "newest"]).default("name"),
  /** The trash: soft-deleted projects instead of live ones. */
  deleted: z.boolean().default(false),
});

export const projectSchema = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  client: z.object({ id: z.uuid(), name: z.string() }),
  name: z.string(),
  description: z.string(),
  status: projectStatusSchema,
  budgetMinor: z.number().int().nullable(),
  currency: z.string(),
  startDate: isoDateSchema.nullable(),
  dueDate: isoDateSchema.nullable(),
  /** Live tasks per status column. */
  taskCounts: z.object({
    todo: z.number().int(),
    in_progress: z.number().int(),
    review: z.number().int(),
    done: z.number().int(),
  }),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
});
export type ProjectDto = z.infer<typeof projectSchema>;

export const projectPageSchema = z.object({ items: z.array(projectSchema), nextCursor: z.string().nullable() });
