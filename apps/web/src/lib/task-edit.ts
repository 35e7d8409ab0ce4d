import { taskLabelSchema, type TaskDto, type TaskStatus, type taskPatchSchema } from "@agency/validators";
import type { z } from "zod";
import { formatTaskValue } from "./task-history";

export type TaskPatch = z.input<typeof taskPatchSchema>;

/** One edit of the detail page: a field patch (tasks.update) or a status change (tasks.move). */
export type TaskEdit = { kind: "patch"; patch: TaskPatch } | { kind: "status"; status: TaskStatus };

/** The task as it will look once the edit is saved (the optimistic copy shown while it is on its way). */
export function applyTaskEdit(task: TaskDto, edit: TaskEdit, people: ReadonlyMap<string, string>): TaskDto {
  if (edit.kind === "status") return { ...task, status: edit.status };
  const { assigneeId, ...rest } = edit.patch;
  const next: TaskDto = { ...task, ...rest };
  if (assigneeId !== undefined) {
    next.assignee = assigneeId === null ? null : { id: assigneeId, name: people.get(assigneeId) ?? "…" };
  }
  if (rest.labels) next.labels = [...new Set(rest.labels)];
  return next;
}

/** A label typed by a person, normalised as the API will store it, or the reason it cannot be added. */
export function parseNewLabel(
  raw: string,
  existing: readonly string[],
): { ok: true; label: string } | { ok: false; error: string } {
  const parsed = taskLabelSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Not a valid label" };
  if (existing.includes(parsed.data)) return { ok: false, error: `“${parsed.data}” is already on this task` };
  if (existing.length >= 20) return { ok: false, error: "At most 20 labels" };
  return { ok: true, label: parsed.data };
}

const COMPARED_FIELDS = ["title", "description", "status", "priority", "assigneeId", "dueDate", "labels"] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

function valueOf(task: TaskDto, field: ComparedField): unknown {
  if (field === "assigneeId") return task.assignee?.id ?? null;
  return task[field];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface TaskFieldDifference {
  field: ComparedField;
  label: string;
  value: string;
}

const LABELS: Record<ComparedField, string> = {
  title: "Title",
  description: "Description",
  status: "Status",
  priority: "Priority",
  assigneeId: "Assignee",
  dueDate: "Due date",
  labels: "Labels",
};

/** The fields someone else changed between the copy this page had and the latest one, with the latest values. */
export function changedTaskFields(mine: TaskDto, latest: TaskDto): TaskFieldDifference[] {
  const people = new Map<string, string>(latest.assignee ? [[latest.assignee.id, latest.assignee.name]] : []);
  return COMPARED_FIELDS.filter((field) => !same(valueOf(mine, field), valueOf(latest, field))).map((field) => ({
    field,
    label: LABELS[field],
    value: formatTaskValue(field, valueOf(latest, field), people),
  }));
}

/** The unsaved edit in words, so it stays readable next to the latest values. */
export function describeTaskEdit(edit: TaskEdit, people: ReadonlyMap<string, string>): TaskFieldDifference[] {
  if (edit.kind === "status")
    return [{ field: "status", label: LABELS.status, value: formatTaskValue("status", edit.status, people) }];
  return COMPARED_FIELDS.filter(
    (field) => field !== "status" && edit.patch[field as Exclude<ComparedField, "status">] !== undefined,
  ).map((field) => ({
    field,
    label: LABELS[field],
    value: formatTaskValue(field, edit.patch[field as Exclude<ComparedField, "status">], people),
  }));
}

/**
 * The version to send for a draft opened at `openedVersion` when the field held `original`:
 * the current one when nobody has touched that field since (other fields' changes merge),
 * else the opened one, so the API answers CONFLICT instead of silently overwriting.
 */
export function expectedVersionFor(
  current: TaskDto,
  field: ComparedField,
  original: unknown,
  openedVersion: number,
): number {
  return same(valueOf(current, field), original) ? current.version : openedVersion;
}

export function fieldValue(task: TaskDto, field: ComparedField): unknown {
  return valueOf(task, field);
}
