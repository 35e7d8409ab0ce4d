import type { NotificationDto } from "@agency/validators";
import { TASK_STATUS_LABELS, formatDueDate } from "~/lib/task-display";

/** One line for a notification: "Ada mentioned you on “Brief”". */
export function notificationText(n: NotificationDto): { who: string; what: string } {
  const who = n.actor?.name ?? "Someone";
  switch (n.kind) {
    case "assigned":
      return { who, what: "assigned you" };
    case "mentioned":
      return { who, what: "mentioned you on" };
    case "commented":
      return { who, what: "commented on" };
    case "status_changed":
      return { who, what: `moved to ${n.data.to ? TASK_STATUS_LABELS[n.data.to] : "another status"}` };
    case "due_soon":
      return { who: "Due tomorrow", what: n.data.dueDate ? `(${formatDueDate(n.data.dueDate)})` : "" };
  }
}

export const NOTIFICATION_KIND_LABELS: Record<NotificationDto["kind"], { label: string; hint: string }> = {
  assigned: { label: "Assigned to me", hint: "Someone makes you the assignee of a task." },
  mentioned: { label: "Mentions", hint: "Someone @mentions you in a comment or a description." },
  commented: { label: "Comments", hint: "Someone comments on a task you follow." },
  status_changed: { label: "Status changes", hint: "A task you follow moves to another status." },
  due_soon: { label: "Due tomorrow", hint: "A task assigned to you is due tomorrow." },
};
