import type { TaskDto } from "@agency/validators";
import type { TaskReadRow } from "./task-query";

/** `@db.Date` columns come back as UTC midnight: keep the calendar day. */
export const toIsoDate = (date: Date): string => date.toISOString().slice(0, 10);

export function toTaskDto(row: TaskReadRow): TaskDto {
  return {
    id: row.id,
    projectId: row.projectId,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? "" } : null,
    createdBy: row.creatorId ? { id: row.creatorId, name: row.creatorName ?? "" } : null,
    dueDate: row.dueDate ? toIsoDate(row.dueDate) : null,
    labels: row.labels,
    position: row.position,
    commentCount: row.commentCount ?? 0,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
