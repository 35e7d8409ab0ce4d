import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { text } from "./primitives";

/**
 * The organization's labels in use (labels.list): for autocomplete in the task form and the
 * label filter. `search` matches anywhere in the label, case-insensitively; labels starting
 * with it come first, then the most used.
 */
export const listLabelsInputSchema = orgIdInputSchema.extend({
  search: text({ max: 40, maxMessage: "Search for at most 40 characters", case: "lower" }).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const labelUsageSchema = z.object({
  label: z.string(),
  /** Live tasks (of live projects) carrying the label. */
  taskCount: z.number().int(),
});
export type LabelUsage = z.infer<typeof labelUsageSchema>;

export const labelListSchema = z.object({ items: z.array(labelUsageSchema) });
