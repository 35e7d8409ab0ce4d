import { taskPrioritySchema, taskStatusSchema } from "@agency/validators";
import { formatDate } from "./dates";
import { TASK_PRIORITY_LABELS, TASK_STATUS_LABELS } from "./task-display";

/** One field of a task audit entry, before → after, as a person reads it. */
export interface TaskFieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface TaskHistoryLine {
  /** "created the task", "moved the task", … (follows the actor's name). */
  summary: string;
  changes: TaskFieldChange[];
}

const SUMMARIES: Record<string, string> = {
  "task.created": "created the task",
  "task.updated": "edited the task",
  "task.moved": "moved the task",
  "task.deleted": "moved the task to the trash",
  "task.restored": "restored the task from the trash",
  "comment.created": "commented",
  "comment.updated": "edited a comment",
  "comment.deleted": "deleted a comment",
  "comment.restored": "restored a comment",
};

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  description: "Description",
  status: "Status",
  priority: "Priority",
  assigneeId: "Assignee",
  assignee: "Assignee",
  dueDate: "Due date",
  labels: "Labels",
  projectId: "Project",
};

/** Bookkeeping the server records but a person does not need to read. */
const HIDDEN_FIELDS = new Set(["position", "version", "afterTaskId", "orgId", "taskId", "id"]);
const DESCRIPTION_PREVIEW = 120;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return isRecord(value) && "before" in value && "after" in value;
}

/** "dueDate" → "Due date" for fields this page does not know by name. */
function labelOf(field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return known;
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value of one field as text: names for people, labels for enums, days for dates. */
export function formatTaskValue(field: string, value: unknown, people: ReadonlyMap<string, string>): string {
  if (field === "assigneeId" || field === "assignee") {
    if (value === null || value === undefined || value === "") return "Unassigned";
    if (isRecord(value) && typeof value.name === "string") return value.name;
    if (typeof value === "string") return people.get(value) ?? "A former member";
  }
  if (value === null || value === undefined || value === "") {
    if (field === "dueDate") return "No due date";
    if (field === "labels") return "No labels";
    return "(empty)";
  }
  if (field === "status") {
    const status = taskStatusSchema.safeParse(value);
    if (status.success) return TASK_STATUS_LABELS[status.data];
  }
  if (field === "priority") {
    const priority = taskPrioritySchema.safeParse(value);
    if (priority.success) return TASK_PRIORITY_LABELS[priority.data];
  }
  if (field === "dueDate" && typeof value === "string") return formatDate(value.slice(0, 10));
  if (Array.isArray(value))
    return value.length ? value.map(String).join(", ") : field === "labels" ? "No labels" : "(empty)";
  if (typeof value === "string") {
    const oneLine = value.replace(/\s+/g, " ").trim();
    return field === "description" && oneLine.length > DESCRIPTION_PREVIEW
      ? `${oneLine.slice(0, DESCRIPTION_PREVIEW - 1)}…`
      : oneLine;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * The changed fields an audit entry's metadata holds, in the shapes the API
 * writes: `{ changes: { field: { before, after } } }`, `{ field: { before, after } }`,
 * or a move's `{ from: { status }, to: { status } }`. Bookkeeping fields are left out.
 */
export function taskChanges(metadata: unknown, people: ReadonlyMap<string, string>): TaskFieldChange[] {
  if (!isRecord(metadata)) return [];
  const source = isRecord(metadata.changes) ? metadata.changes : metadata;
  const changes: TaskFieldChange[] = [];
  for (const [field, value] of Object.entries(source)) {
    if (HIDDEN_FIELDS.has(field) || !isChange(value)) continue;
    changes.push({
      field,
      label: labelOf(field),
      before: formatTaskValue(field, value.before, people),
      after: formatTaskValue(field, value.after, people),
    });
  }
  // A move: `{ from: { status, position }, to: { status, position } }` (or bare statuses).
  const from = isRecord(metadata.from) ? metadata.from.status : metadata.from;
  const to = isRecord(metadata.to) ? metadata.to.status : metadata.to;
  if (changes.length === 0 && from !== undefined && to !== undefined && from !== to) {
    changes.push({
      field: "status",
      label: "Status",
      before: formatTaskValue("status", from, people),
      after: formatTaskValue("status", to, people),
    });
  }
  return changes;
}

/** What an audit entry about a task says: a short summary and its field changes. */
export function describeTaskAuditEntry(
  entry: { action: string; metadata?: unknown },
  people: ReadonlyMap<string, string>,
): TaskHistoryLine {
  return {
    summary: SUMMARIES[entry.action] ?? entry.action.replace(/[._]/g, " "),
    changes: taskChanges(entry.metadata, people),
  };
}
