import type { TaskPriority, TaskStatus } from "@agency/validators";

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  todo: "To do",
  in_progress: "In progress",
  review: "Review",
  done: "Done",
};

export const TASK_PRIORITY_LABELS: Record<TaskPriority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

/** Open work past its due day. */
export function isOverdue(task: { dueDate: string | null; status: TaskStatus }, today: string): boolean {
  return Boolean(task.dueDate && task.status !== "done" && task.dueDate < today);
}

/**
 * Kept so code written before the one date module still compiles; the formatting lives in `~/lib/dates`.
 * @deprecated import { formatDate, todayIsoDate } from "~/lib/dates"
 */
export { formatDate as formatDueDate, todayIsoDate } from "./dates";
