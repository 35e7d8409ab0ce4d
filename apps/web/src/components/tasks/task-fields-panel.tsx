"use client";

import {
  taskPrioritySchema,
  taskStatusSchema,
  type TaskDto,
  type TaskPriority,
  type TaskStatus,
} from "@agency/validators";
import { useId, type ReactNode } from "react";
import { formatDate, todayIsoDate } from "~/lib/dates";
import { isOverdue, TASK_PRIORITY_LABELS, TASK_STATUS_LABELS } from "~/lib/task-display";
import { Card } from "../ui/card";
import { fieldControlClass } from "../ui/field";
import { LabelChips, TaskPriorityBadge, TaskStatusBadge } from "./task-badges";
import { TaskDueDateEditor } from "./task-due-date-editor";
import { TaskLabelsEditor } from "./task-labels-editor";
import type { TaskEditor } from "./use-task-editor";

const select = `${fieldControlClass} !mt-0 !py-1.5`;

/** A label and its value: a definition list row when read only, a labelled control otherwise. */
function Row({
  label,
  htmlFor,
  readOnly = false,
  children,
}: {
  label: string;
  htmlFor?: string;
  readOnly?: boolean;
  children: ReactNode;
}) {
  const grid = "grid grid-cols-[6.5rem_minmax(0,1fr)] items-start gap-3 py-2.5";
  const term = "pt-1.5 text-sm font-medium text-slate-600";
  if (readOnly) {
    return (
      <div className={grid}>
        <dt className={term}>{label}</dt>
        <dd className="min-w-0 pt-1">{children}</dd>
      </div>
    );
  }
  return (
    <div className={grid}>
      {htmlFor ? (
        <label htmlFor={htmlFor} className={term}>
          {label}
        </label>
      ) : (
        <span className={term} aria-hidden>
          {label}
        </span>
      )}
      <div className="min-w-0">{children}</div>
    </div>
  );
}

/**
 * Status, priority, assignee, due date and labels. Writers change each on its
 * own (saved at once, optimistic); everyone else reads them.
 */
export function TaskFieldsPanel({
  task,
  editor,
  canEdit,
  members,
  orgId,
}: {
  task: TaskDto;
  editor: TaskEditor;
  canEdit: boolean;
  members: readonly { userId: string; name: string }[];
  /** For label suggestions. */
  orgId?: string;
}) {
  const id = useId();
  const overdue = isOverdue(task, todayIsoDate());

  if (!canEdit) {
    return (
      <Card title="Details">
        <dl className="divide-y divide-slate-100" data-testid="task-fields-read-only">
          <Row label="Status" readOnly>
            <TaskStatusBadge status={task.status} />
          </Row>
          <Row label="Priority" readOnly>
            <TaskPriorityBadge priority={task.priority} />
          </Row>
          <Row label="Assignee" readOnly>
            <span className="text-sm text-slate-800">{task.assignee?.name ?? "Unassigned"}</span>
          </Row>
          <Row label="Due date" readOnly>
            <span className={`text-sm ${overdue ? "font-medium text-rose-700" : "text-slate-800"}`}>
              {task.dueDate ? `${formatDate(task.dueDate)}${overdue ? " (overdue)" : ""}` : "No due date"}
            </span>
          </Row>
          <Row label="Labels" readOnly>
            {task.labels.length ? (
              <LabelChips labels={task.labels} />
            ) : (
              <span className="text-sm text-slate-500">No labels</span>
            )}
          </Row>
        </dl>
      </Card>
    );
  }

  const assigneeKnown = !task.assignee || members.some((member) => member.userId === task.assignee?.id);
  return (
    <Card title="Details">
      <div className="divide-y divide-slate-100">
        <Row label="Status" htmlFor={`${id}-status`}>
          <select
            id={`${id}-status`}
            value={task.status}
            disabled={editor.pending}
            onChange={(event) => void editor.save({ kind: "status", status: event.target.value as TaskStatus })}
            className={select}
          >
            {taskStatusSchema.options.map((status) => (
              <option key={status} value={status}>
                {TASK_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </Row>
        <Row label="Priority" htmlFor={`${id}-priority`}>
          <select
            id={`${id}-priority`}
            value={task.priority}
            disabled={editor.pending}
            onChange={(event) =>
              void editor.save({ kind: "patch", patch: { priority: event.target.value as TaskPriority } })
            }
            className={select}
          >
            {taskPrioritySchema.options.map((priority) => (
              <option key={priority} value={priority}>
                {TASK_PRIORITY_LABELS[priority]}
              </option>
            ))}
          </select>
        </Row>
        <Row label="Assignee" htmlFor={`${id}-assignee`}>
          <select
            id={`${id}-assignee`}
            value={task.assignee?.id ?? ""}
            disabled={editor.pending}
            onChange={(event) => void editor.save({ kind: "patch", patch: { assigneeId: event.target.value || null } })}
            className={select}
          >
            <option value="">Unassigned</option>
            {!assigneeKnown && task.assignee && <option value={task.assignee.id}>{task.assignee.name}</option>}
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
          </select>
        </Row>
        <Row label="Due date">
          <TaskDueDateEditor task={task} editor={editor} />
          {overdue && <p className="mt-1 text-xs font-medium text-rose-700">Overdue</p>}
        </Row>
        <Row label="Labels">
          <TaskLabelsEditor task={task} editor={editor} orgId={orgId} />
        </Row>
      </div>
    </Card>
  );
}
