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

/** The tasks.list input of one column (board order, one status); the server prefetch uses it too. */
export function columnInput(orgId: string, projectId: string, status: TaskStatus) {
  return { orgId, projectId, status: [status], sort: "position" as const, limit: COLUMN_PAGE_SIZE };
}

/** Whether a due date (YYYY-MM-DD) has passed, in the viewer's calendar (today is not overdue). */
export function isOverdue(dueDate: string | null, today: Date = new Date()): boolean {
  if (!dueDate) return false;
  return dueDate < todayIsoDate(today);
}
