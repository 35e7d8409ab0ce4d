import type { TaskPriority, TaskStatus } from "@agency/validators";
import { TASK_PRIORITY_LABELS, TASK_STATUS_LABELS } from "~/lib/task-display";
import { Badge } from "../ui/badge";

const STATUS_TONES = { todo: "neutral", in_progress: "warning", review: "warning", done: "success" } as const;
const PRIORITY_TONES = { low: "neutral", medium: "neutral", high: "warning", urgent: "danger" } as const;

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{TASK_STATUS_LABELS[status]}</Badge>;
}

export function TaskPriorityBadge({ priority }: { priority: TaskPriority }) {
  return <Badge tone={PRIORITY_TONES[priority]}>{TASK_PRIORITY_LABELS[priority]}</Badge>;
}

const chipClass =
  "inline-flex max-w-full items-center rounded-md bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-100";

/** A task's labels; with `onPick`, each one is a button that filters the list by it. */
export function LabelChips({ labels, onPick }: { labels: readonly string[]; onPick?: (label: string) => void }) {
  if (labels.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Labels">
      {labels.map((label) => (
        <li key={label} className="min-w-0">
          {onPick ? (
            <button
              type="button"
              className={`${chipClass} hover:bg-brand-100`}
              onClick={() => onPick(label)}
              title={`Show tasks labelled ${label}`}
            >
              <span className="truncate">{label}</span>
            </button>
          ) : (
            <span className={chipClass}>
              <span className="truncate">{label}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
