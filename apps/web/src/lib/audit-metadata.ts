import type { AuditReference } from "@agency/validators";
import { taskPrioritySchema, taskStatusSchema, projectStatusSchema } from "@agency/validators";
import { formatDate } from "./dates";
import { PROJECT_STATUS_LABELS } from "./project-filters";
import { TASK_PRIORITY_LABELS, TASK_STATUS_LABELS } from "./task-display";

/** One readable line of an audit entry's metadata: a change (before → after), a plain value, or a sentence. */
export type AuditDetail =
  | { kind: "change"; field: string; before: string; after: string }
  | { kind: "value"; field: string; value: string }
  | { kind: "note"; text: string };

/** What the entry says besides its metadata: its action, target type and the names of the records it mentions. */
export interface AuditContext {
  action?: string;
  targetType?: string | null;
  references?: Record<string, AuditReference>;
}

const EMPTY = "(empty)";
const DESCRIPTION_PREVIEW = 120;
/** Bookkeeping the server records but a person does not need to read (board order, ids already shown as the target). */
const HIDDEN_FIELDS = new Set(["position", "version", "afterTaskId", "renumbered", "orgId", "id"]);
/** Id-valued keys shown as the record's name, under a label without "Id". */
const REFERENCE_FIELDS: Record<string, { label: string; type: AuditReference["type"]; none: string }> = {
  assigneeId: { label: "Assignee", type: "user", none: "Unassigned" },
  userId: { label: "Person", type: "user", none: EMPTY },
  projectId: { label: "Project", type: "project", none: "No project" },
  clientId: { label: "Client", type: "client", none: "No client" },
  taskId: { label: "Task", type: "task", none: EMPTY },
};
const GONE: Record<AuditReference["type"], string> = {
  task: "deleted task",
  project: "deleted project",
  client: "deleted client",
  user: "former member",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return isRecord(value) && "before" in value && "after" in value && Object.keys(value).length === 2;
}

/** "contactEmail" → "Contact email", "other_sessions" → "Other sessions". */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A metadata value as text: empty values say so, objects become compact JSON. */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A record's name as the entry's references know it: "(in trash)" when trashed, "deleted task" when gone. */
export function referenceName(reference: AuditReference | undefined, type: AuditReference["type"]): string {
  if (!reference?.name) return GONE[type];
  return reference.deleted ? `${reference.name} (in trash)` : reference.name;
}

/** One field's value as a person reads it: names for ids, labels for statuses, the one date style for days. */
function readable(key: string, value: unknown, context: AuditContext): string {
  const reference = REFERENCE_FIELDS[key];
  if (reference) {
    if (value === null || value === undefined || value === "") return reference.none;
    if (typeof value === "string") return referenceName(context.references?.[value.toLowerCase()], reference.type);
  }
  if (key === "status") {
    if (context.targetType === "project") {
      const status = projectStatusSchema.safeParse(value);
      if (status.success) return PROJECT_STATUS_LABELS[status.data];
    }
    const status = taskStatusSchema.safeParse(value);
    if (status.success) return TASK_STATUS_LABELS[status.data];
  }
  if (key === "priority") {
    const priority = taskPrioritySchema.safeParse(value);
    if (priority.success) return TASK_PRIORITY_LABELS[priority.data];
  }
  if ((key === "dueDate" || key === "startDate") && typeof value === "string") return formatDate(value.slice(0, 10));
  if ((key === "dueDate" || key === "startDate") && value === null) return "No date";
  if (Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number")) {
    return value.length ? value.join(", ") : key === "labels" ? "No labels" : EMPTY;
  }
  if (key === "description" && typeof value === "string") {
    const oneLine = value.replace(/\s+/g, " ").trim();
    if (!oneLine) return EMPTY;
    return oneLine.length > DESCRIPTION_PREVIEW ? `${oneLine.slice(0, DESCRIPTION_PREVIEW - 1)}…` : oneLine;
  }
  return formatAuditValue(value);
}

const labelOf = (key: string) => REFERENCE_FIELDS[key]?.label ?? fieldLabel(key);

/** A move (`{ from: { status, position }, to: { status, position } }`) as one sentence; positions are bookkeeping. */
function describeMove(metadata: Record<string, unknown>, context: AuditContext): AuditDetail | null {
  const statusOf = (side: unknown) => (isRecord(side) ? side.status : side);
  const from = statusOf(metadata.from);
  const to = statusOf(metadata.to);
  if (to === undefined) return null;
  const toText = readable("status", to, context);
  if (from === undefined) return { kind: "note", text: `Moved to ${toText}` };
  if (from === to) return { kind: "note", text: `Reordered within ${toText}` };
  return { kind: "note", text: `Moved from ${readable("status", from, context)} to ${toText}` };
}

/**
 * Audit metadata comes in a few shapes (`{ changes: { field: { before, after } } }`,
 * `{ field: { before, after } }`, `{ field: value }`, a move's `{ from, to }`); all become a flat
 * list of readable lines: ids as names (from the entry's references), statuses and priorities by
 * their labels, days in the one date style, bookkeeping (positions) left out. Anything else
 * (arrays, scalars) is shown as one JSON value.
 */
export function describeAuditMetadata(metadata: unknown, context: AuditContext = {}): AuditDetail[] {
  if (metadata === null || metadata === undefined) return [];
  if (!isRecord(metadata)) return [{ kind: "value", field: "Details", value: formatAuditValue(metadata) }];
  const details: AuditDetail[] = [];
  const { changes, from, to, ...rest } = metadata;
  if (from !== undefined || to !== undefined) {
    const move = describeMove(metadata, context);
    if (move) details.push(move);
  }
  const entries = [
    ...(isRecord(changes) ? Object.entries(changes) : changes === undefined ? [] : [["changes", changes] as const]),
    ...Object.entries(rest),
  ];
  for (const [key, value] of entries) {
    if (HIDDEN_FIELDS.has(key)) continue;
    // The target's own id adds nothing next to the target column (a comment's task does).
    if (key === "taskId" && context.targetType === "task") continue;
    const field = labelOf(key);
    if (isChange(value)) {
      details.push({ kind: "change", field, before: readable(key, value.before, context), after: readable(key, value.after, context) });
    } else details.push({ kind: "value", field, value: readable(key, value, context) });
  }
  return details;
}
