import type { NotificationDto } from "@agency/validators";
import { TASK_STATUS_LABELS, formatDueDate } from "~/lib/task-display";

/**
 * One line for a notification, around the task's title: "Ada mentioned you on “Brief”",
 * "Ada moved “Brief” to Review", "“Brief” is due tomorrow (12 Dec 2026)".
 */
export function notificationText(n: NotificationDto): { who: string; before: string; after: string } {
  const who = n.actor?.name ?? "Someone";
  switch (n.kind) {
    case "assigned":
      return { who, before: "assigned you", after: "" };
    case "mentioned":
      return { who, before: "mentioned you on", after: "" };
    case "commented":
      return { who, before: "commented on", after: "" };
    case "status_changed":
      return { who, before: "moved", after: `to ${n.data.to ? TASK_STATUS_LABELS[n.data.to] : "another status"}` };
    case "due_soon":
      return {
        who: "",
        before: "",
        after: `is due tomorrow${n.data.dueDate ? ` (${formatDueDate(n.data.dueDate)})` : ""}`,
      };
  }
}

export const NOTIFICATION_KIND_LABELS: Record<NotificationDto["kind"], { label: string; hint: string }> = {
  assigned: { label: "Assigned to me", hint: "Someone makes you the assignee of a task." },
  mentioned: { label: "Mentions", hint: "Someone @mentions you in a comment or a description." },
  commented: { label: "Comments", hint: "Someone comments on a task you follow." },
  status_changed: { label: "Status changes", hint: "A task you follow moves to another status." },
  due_soon: { label: "Due tomorrow", hint: "A task assigned to you is due tomorrow." },
};
