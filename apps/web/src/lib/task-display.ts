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

/** "2026-12-31" → "31 Dec 2026": a calendar day, no time zone shift. */
export function formatDueDate(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return day;
  return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** Today as `YYYY-MM-DD` in the viewer's time zone (due dates are days). */
export function todayIsoDate(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Open work past its due day. */
export function isOverdue(task: { dueDate: string | null; status: TaskStatus }, today: string): boolean {
  return Boolean(task.dueDate && task.status !== "done" && task.dueDate < today);
}
