import type { Prisma } from "@agency/db";
import type { TaskDto } from "@agency/validators";

/** Everything a TaskDto needs, in one query: people and the live comment count come along. */
export const TASK_SELECT = {
  id: true,
  projectId: true,
  title: true,
  description: true,
  status: true,
  priority: true,
  dueDate: true,
  labels: true,
  position: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  assignee: { select: { id: true, name: true } },
  createdBy: { select: { id: true, name: true } },
  _count: { select: { comments: { where: { deletedAt: null } } } },
} as const satisfies Prisma.TaskSelect;

export type TaskRow = Prisma.TaskGetPayload<{ select: typeof TASK_SELECT }>;

/** `@db.Date` columns come back as UTC midnight: keep the calendar day. */
export const toIsoDate = (date: Date): string => date.toISOString().slice(0, 10);

export function toTaskDto(row: TaskRow): TaskDto {
  return {
    id: row.id,
    projectId: row.projectId,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    assignee: row.assignee,
    createdBy: row.createdBy,
    dueDate: row.dueDate ? toIsoDate(row.dueDate) : null,
    labels: row.labels,
    position: row.position,
    commentCount: row._count.comments,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/** The task as a DTO (live or trashed), or null when it is not in this org. */
export async function loadTaskDto(
  tx: Prisma.TransactionClient,
  orgId: string,
  taskId: string,
): Promise<TaskDto | null> {
  const row = await tx.task.findFirst({ where: { id: taskId, orgId }, select: TASK_SELECT });
  return row ? toTaskDto(row) : null;
}
