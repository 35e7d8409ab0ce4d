import type { Prisma } from "@agency/db";
import type { ProjectDto } from "@agency/validators";

/** The columns a project DTO is built from, with its client's id and name. */
export const PROJECT_FIELDS = {
  id: true,
  clientId: true,
  client: { select: { id: true, name: true } },
  name: true,
  description: true,
  status: true,
  budgetMinor: true,
  currency: true,
  startDate: true,
  dueDate: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
} as const satisfies Prisma.ProjectSelect;

export type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof PROJECT_FIELDS }>;
export type TaskCounts = ProjectDto["taskCounts"];

export const NO_TASKS: TaskCounts = { todo: 0, in_progress: 0, review: 0, done: 0 };

/** `YYYY-MM-DD` ↔ a DATE column (Prisma reads and writes it as UTC midnight). */
export const toDateColumn = (day: string | null): Date | null =>
  day === null ? null : new Date(`${day}T00:00:00.000Z`);
const fromDateColumn = (value: Date | null): string | null => value?.toISOString().slice(0, 10) ?? null;

export function toProjectDto(row: ProjectRow, taskCounts: TaskCounts = NO_TASKS): ProjectDto {
  return {
    ...row,
    // Bounded by a CHECK to Number.MAX_SAFE_INTEGER, so the conversion is exact.
    budgetMinor: row.budgetMinor === null ? null : Number(row.budgetMinor),
    startDate: fromDateColumn(row.startDate),
    dueDate: fromDateColumn(row.dueDate),
    taskCounts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
