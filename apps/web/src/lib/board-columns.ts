import type { TaskPriority, TaskStatus } from "@agency/validators";
import { todayIsoDate } from "./dates";

/** Column titles, left to right in TASK_STATUSES order. */
export const COLUMN_LABELS: Record<TaskStatus, string> = {
  todo: "To do",
  in_progress: "In progress",
  review: "Review",
  done: "Done",
};

export const PRIORITY_LABELS: Record<TaskPriority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

/** Tasks per column page: a board shows many small cards. */
export const COLUMN_PAGE_SIZE = 50;

/** Whether a due date (YYYY-MM-DD) has passed, in the viewer's calendar (today is not overdue). */
export function isOverdue(dueDate: string | null, today: Date = new Date()): boolean {
  if (!dueDate) return false;
  return dueDate < todayIsoDate(today);
}
