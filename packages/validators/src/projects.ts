import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";
import { isoDate, recordVersionSchema, safeInteger, text } from "./primitives";

export const projectStatusSchema = z.enum(["planned", "active", "on_hold", "completed", "cancelled"]);

/**
 * A calendar date from a client, `YYYY-MM-DD` (no time zone: due dates are days): a real day,
 * years 1900–2999 (see `isoDate`).
 */
export const isoDateSchema = isoDate();
/**
 * A calendar date the API sends: the format only. Rows written before the year range existed
 * may hold any year PostgreSQL accepts; reading them must not fail output validation.
 */
export const isoDateOutputSchema = z.iso.date();

const CURRENCY_MESSAGE = "Use a three-letter currency code like USD";
/** ISO 4217 currency code, e.g. USD, EUR. */
export const currencySchema = text({ case: "upper", max: 3, maxMessage: CURRENCY_MESSAGE }).regex(
  /^[A-Z]{3}$/,
  CURRENCY_MESSAGE,
);

/** Money in minor units (cents); a safe integer ≥ 0 (the column is a bigint). */
export const minorUnitsSchema = safeInteger({
  intMessage: "Use whole minor units (cents)",
  min: 0,
  minMessage: "Budget cannot be negative",
});

const projectFields = {
  clientId: z.uuid("Choose a client"),
  name: text({ min: 1, minMessage: "Name is required", max: 120, maxMessage: "Name must be at most 120 characters" }),
  /** Markdown: kept as typed (no trimming). */
  description: text({ trim: false, max: 10_000, maxMessage: "Description must be at most 10,000 characters" }),
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
  expectedVersion: recordVersionSchema,
  patch: projectPatchSchema,
});

export const projectIdInputSchema = orgIdInputSchema.extend({ projectId: z.uuid() });
export const deleteProjectInputSchema = projectIdInputSchema.extend({ expectedVersion: recordVersionSchema });

export const listProjectsInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({
  clientId: z.uuid().optional(),
  status: projectStatusSchema.optional(),
  /** Case-insensitive match on the project's name or its client's. */
  search: text({ min: 1, max: 100 }).optional(),
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
  startDate: isoDateOutputSchema.nullable(),
  dueDate: isoDateOutputSchema.nullable(),
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
