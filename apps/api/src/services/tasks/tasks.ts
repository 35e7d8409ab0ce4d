import type { Prisma } from "@agency/db";
import type { createTaskInputSchema, TaskDto, updateTaskInputSchema } from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../../errors/app-error";
import { auditTask } from "./task-audit";
import { endOfColumn, lockProjectBoard } from "./column";
import { TASK_SELECT, toTaskDto, type TaskRow } from "./task-dto";
import { assertAssigneeIsMember, conflictOrMissing, withAssigneeBackstop } from "./task-errors";
import type { TenantScope } from "../service-context";
import { visibleTask } from "./visible-task";

type CreateTaskInput = Omit<z.output<typeof createTaskInputSchema>, "orgId">;
type UpdateTaskInput = Omit<z.output<typeof updateTaskInputSchema>, "orgId">;

/** `YYYY-MM-DD` → the Date Prisma writes to a `date` column. */
const toDbDate = (date: string | null): Date | null => (date ? new Date(`${date}T00:00:00.000Z`) : null);

export function createTask(scope: TenantScope, input: CreateTaskInput): Promise<TaskDto> {
  return scope.db(async (tx) => {
    const project = await tx.project.findFirst({
      where: { id: input.projectId, orgId: scope.org.id, deletedAt: null },
      select: { id: true },
    });
    if (!project) throw new AppError("NOT_FOUND", "Project not found.");
    if (input.assigneeId) await assertAssigneeIsMember(tx, scope.org.id, input.assigneeId);
    await lockProjectBoard(tx, input.projectId);
    const position = await endOfColumn(tx, scope.org.id, input.projectId, input.status);
    const row = await withAssigneeBackstop(() =>
      tx.task.create({
        data: {
          orgId: scope.org.id,
          projectId: input.projectId,
          title: input.title,
          description: input.description,
          status: input.status,
          priority: input.priority,
          assigneeId: input.assigneeId,
          createdById: scope.actor.userId,
          dueDate: toDbDate(input.dueDate),
          labels: input.labels,
          position,
        },
        select: TASK_SELECT,
      }),
    );
    await auditTask(scope, tx, "task.created", row.id, {
      projectId: row.projectId,
      title: row.title,
      status: row.status,
    });
    return toTaskDto(row);
  });
}

/** A task of a live project, live or in the trash. */
export function getTask(scope: TenantScope, taskId: string): Promise<TaskDto> {
  return scope.db(async (tx) => {
    const row = await tx.task.findFirst({ where: visibleTask(scope.org.id, taskId), select: TASK_SELECT });
    if (!row) throw new AppError("NOT_FOUND", "Task not found.");
    return toTaskDto(row);
  });
}

type Patch = UpdateTaskInput["patch"];
/** The audited value of a patchable field, in the DTO's shape (assignee by id). */
function fieldValue(dto: TaskDto, field: keyof Patch): unknown {
  return field === "assigneeId" ? (dto.assignee?.id ?? null) : dto[field];
}

export function updateTask(scope: TenantScope, input: UpdateTaskInput): Promise<TaskDto> {
  return scope.db(async (tx) => {
    const { patch } = input;
    const beforeRow: TaskRow | null = await tx.task.findFirst({
      where: { ...visibleTask(scope.org.id, input.taskId), deletedAt: null },
      select: TASK_SELECT,
    });
    if (!beforeRow || beforeRow.version !== input.expectedVersion)
      return conflictOrMissing(tx, scope.org.id, input.taskId, "live");
    const before = toTaskDto(beforeRow);
    if (patch.assigneeId && patch.assigneeId !== before.assignee?.id)
      await assertAssigneeIsMember(tx, scope.org.id, patch.assigneeId);

    const data: Prisma.TaskUncheckedUpdateManyInput = { version: { increment: 1 } };
    if (patch.title !== undefined) data.title = patch.title;
    if (patch.description !== undefined) data.description = patch.description;
    if (patch.priority !== undefined) data.priority = patch.priority;
    if (patch.assigneeId !== undefined) data.assigneeId = patch.assigneeId;
    if (patch.dueDate !== undefined) data.dueDate = toDbDate(patch.dueDate);
    if (patch.labels !== undefined) data.labels = patch.labels;
    const { count } = await withAssigneeBackstop(() =>
      tx.task.updateMany({
        where: { id: input.taskId, orgId: scope.org.id, deletedAt: null, version: input.expectedVersion },
        data,
      }),
    );
    if (count === 0) return conflictOrMissing(tx, scope.org.id, input.taskId, "live");

    const after = toTaskDto(await tx.task.findUniqueOrThrow({ where: { id: input.taskId }, select: TASK_SELECT }));
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of Object.keys(patch) as (keyof Patch)[]) {
      const [was, now] = [fieldValue(before, field), fieldValue(after, field)];
      if (JSON.stringify(was) !== JSON.stringify(now)) changes[field] = { before: was, after: now };
    }
    await auditTask(scope, tx, "task.updated", input.taskId, { changes } as Prisma.InputJsonObject);
    return after;
  });
}

/** Soft delete (to the trash) or restore, guarded by the version like any edit. */
export function setTaskDeleted(
  scope: TenantScope,
  input: { taskId: string; expectedVersion: number },
  deleted: boolean,
): Promise<TaskDto> {
  return scope.db(async (tx) => {
    const { count } = await tx.task.updateMany({
      where: {
        ...visibleTask(scope.org.id, input.taskId),
        version: input.expectedVersion,
        deletedAt: deleted ? null : { not: null },
      },
      data: { deletedAt: deleted ? new Date() : null, version: { increment: 1 } },
    });
    if (count === 0) return conflictOrMissing(tx, scope.org.id, input.taskId, deleted ? "live" : "deleted");
    await auditTask(scope, tx, deleted ? "task.deleted" : "task.restored", input.taskId);
    return toTaskDto(await tx.task.findUniqueOrThrow({ where: { id: input.taskId }, select: TASK_SELECT }));
  });
}
