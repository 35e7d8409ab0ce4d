import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";
import { recordVersionSchema, text } from "./primitives";
import { isoDateOutputSchema, isoDateSchema } from "./projects";

export const taskStatusSchema = z.enum(["todo", "in_progress", "review", "done"]);
export type TaskStatus = z.infer<typeof taskStatusSchema>;
/** Board columns, left to right. */
export const TASK_STATUSES = taskStatusSchema.options;

export const taskPrioritySchema = z.enum(["low", "medium", "high", "urgent"]);
export type TaskPriority = z.infer<typeof taskPrioritySchema>;

/**
 * One spelling per label: trimmed, lower-case, inner whitespace collapsed ("  Needs  Review" →
 * "needs review"), so "Urgent" and "urgent " are the same label everywhere (filters, counts,
 * suggestions). Existing rows were brought to this form by migration …_invitation_preview_labels_search.
 */
export const taskLabelSchema = text({
  case: "lower",
  min: 1,
  minMessage: "Labels cannot be empty",
  max: 40,
  maxMessage: "Labels must be at most 40 characters",
}).overwrite((label) => label.replace(/\s+/g, " "));
export const taskLabelsSchema = z
  .array(taskLabelSchema)
  .max(20, "At most 20 labels")
  .transform((labels) => [...new Set(labels)]);

const taskFields = {
  title: text({
    min: 1,
    minMessage: "Title is required",
    max: 200,
    maxMessage: "Title must be at most 200 characters",
  }),
  /** Markdown: kept as typed (no trimming). */
  description: text({ trim: false, max: 20_000, maxMessage: "Description must be at most 20,000 characters" }),
  status: taskStatusSchema,
  priority: taskPrioritySchema,
  /** A member of the organization, or null for unassigned. */
  assigneeId: z.uuid().nullable(),
  dueDate: isoDateSchema.nullable(),
  labels: taskLabelsSchema,
};

export const createTaskInputSchema = orgIdInputSchema.extend({
  projectId: z.uuid("Choose a project"),
  title: taskFields.title,
  description: taskFields.description.default(""),
  status: taskFields.status.default("todo"),
  priority: taskFields.priority.default("medium"),
  assigneeId: taskFields.assigneeId.default(null),
  dueDate: taskFields.dueDate.default(null),
  labels: taskFields.labels.default([]),
});

export const taskPatchSchema = z
  .object({
    title: taskFields.title.optional(),
    description: taskFields.description.optional(),
    priority: taskFields.priority.optional(),
    assigneeId: taskFields.assigneeId.optional(),
    dueDate: taskFields.dueDate.optional(),
    labels: taskFields.labels.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "Change at least one field");

/** Edits fields. Status and order change through `tasks.move`. */
export const updateTaskInputSchema = orgIdInputSchema.extend({
  taskId: z.uuid(),
  /** The version the editor saw; a stale one gets CONFLICT with the current record. */
  expectedVersion: recordVersionSchema,
  patch: taskPatchSchema,
});

/**
 * Moves a task to a status column, placed right after `afterTaskId` (a task of that
 * column in the same project) or at the top when it is null. The server picks the
 * position; a stale version gets CONFLICT.
 */
export const moveTaskInputSchema = orgIdInputSchema.extend({
  taskId: z.uuid(),
  expectedVersion: recordVersionSchema,
  status: taskStatusSchema,
  afterTaskId: z.uuid().nullable(),
});

export const taskIdInputSchema = orgIdInputSchema.extend({ taskId: z.uuid() });
export const deleteTaskInputSchema = taskIdInputSchema.extend({ expectedVersion: recordVersionSchema });

export const taskSortSchema = z.enum(["newest", "updated", "due", "position"]);

export const listTasksInputSchema = orgIdInputSchema
  .extend(pageInputSchema.shape)
  .extend({
    projectId: z.uuid().optional(),
    status: z.array(taskStatusSchema).min(1).max(4).optional(),
    priority: z.array(taskPrioritySchema).min(1).max(4).optional(),
    /** A member's id, "none" for unassigned tasks, or "me" for the caller's. */
    assigneeId: z.union([z.uuid(), z.literal("none"), z.literal("me")]).optional(),
    /** Tasks carrying this label. */
    label: taskLabelSchema.optional(),
    dueFrom: isoDateSchema.optional(),
    dueTo: isoDateSchema.optional(),
    /** Case-insensitive substring match on title and description, and on the names of the task's project and client (trigram-indexed). */
    search: text({ min: 2, minMessage: "Search for at least 2 characters", max: 100 }).optional(),
    /**
     * newest: created desc · updated: updated desc · due: due date asc, undated last ·
     * position: board order (needs projectId; status columns in order, then position).
     */
    sort: taskSortSchema.default("newest"),
    /** The trash: soft-deleted tasks instead of live ones. */
    deleted: z.boolean().default(false),
  })
  .refine((input) => input.sort !== "position" || input.projectId, {
    message: "Board order needs a project",
    path: ["sort"],
  })
  .refine((input) => !input.dueFrom || !input.dueTo || input.dueFrom <= input.dueTo, {
    message: "The range end cannot be before its start",
    path: ["dueTo"],
  });

const personSchema = z.object({ id: z.uuid(), name: z.string() });

export const taskSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: taskStatusSchema,
  priority: taskPrioritySchema,
  assignee: personSchema.nullable(),
  createdBy: personSchema.nullable(),
  dueDate: isoDateOutputSchema.nullable(),
  labels: z.array(z.string()),
  position: z.number(),
  commentCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deletedAt: z.iso.datetime().nullable(),
});
export type TaskDto = z.infer<typeof taskSchema>;

export const taskPageSchema = z.object({ items: z.array(taskSchema), nextCursor: z.string().nullable() });
