import type { Prisma } from "@agency/db";
import type { createTaskInputSchema, TaskDto, updateTaskInputSchema } from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../../errors/app-error";
import { audited } from "../audit";
import { addFollowers, notifyMentions, notifyUsers } from "../notifications/notify";
import { emitEvent } from "../webhooks/emit-event";
import type { TenantScope } from "../scope";
import { endOfColumn, lockProjectBoard } from "./column";
import { assertAssigneeIsMember, withAssigneeBackstop } from "./task-errors";
import { findTask, taskConflict } from "./task-read";
import { visibleTask } from "./visible-task";

type CreateTaskInput = Omit<z.output<typeof createTaskInputSchema>, "orgId">;
type UpdateTaskInput = Omit<z.output<typeof updateTaskInputSchema>, "orgId">;

/** `YYYY-MM-DD` → the Date Prisma writes to a `date` column. */
const toDbDate = (date: string | null): Date | null => (date ? new Date(`${date}T00:00:00.000Z`) : null);

/** The task as the caller sees it right after a write of this transaction. */
async function reload(scope: TenantScope, taskId: string): Promise<TaskDto> {
  const task = await findTask(scope, taskId);
  if (!task) throw new AppError("NOT_FOUND", "Task not found.");
  return task;
}

export async function createTask(scope: TenantScope, input: CreateTaskInput): Promise<TaskDto> {
  const { tx } = scope;
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
      select: { id: true, projectId: true, title: true, status: true },
    }),
  );
  await audited(scope, "task.created", { type: "task", id: row.id }, {
    projectId: row.projectId,
    title: row.title,
    status: row.status,
  });
  await emitEvent(scope, "task.created", { taskId: row.id, projectId: row.projectId, title: row.title, status: row.status });
  await addFollowers(scope, row.id, [scope.actor.userId], "creator");
  if (input.assigneeId) await assigned(scope, row.id, input.assigneeId);
  await notifyMentions(scope, row.id, { before: "", after: input.description });
  return reload(scope, row.id);
}

/** The new assignee follows the task and, unless they assigned themselves, hears about it. */
async function assigned(scope: TenantScope, taskId: string, assigneeId: string) {
  await addFollowers(scope, taskId, [assigneeId], "assignee");
  await notifyUsers(scope, [assigneeId], { kind: "assigned", taskId });
}

/** A task of a live project, live or in the trash. */
export async function getTask(scope: TenantScope, taskId: string): Promise<TaskDto> {
  const task = await findTask(scope, taskId);
  if (!task) throw new AppError("NOT_FOUND", "Task not found.");
  return task;
}

type Patch = UpdateTaskInput["patch"];
/** The audited value of a patchable field, in the DTO's shape (assignee by id). */
function fieldValue(dto: TaskDto, field: keyof Patch): unknown {
  return field === "assigneeId" ? (dto.assignee?.id ?? null) : dto[field];
}

export async function updateTask(scope: TenantScope, input: UpdateTaskInput): Promise<TaskDto> {
  const { tx } = scope;
  const { patch } = input;
  const before = await findTask(scope, input.taskId);
  if (!before || before.deletedAt || before.version !== input.expectedVersion) return taskConflict(scope, input.taskId, "live");
  if (patch.assigneeId && patch.assigneeId !== before.assignee?.id) await assertAssigneeIsMember(tx, scope.org.id, patch.assigneeId);

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
  if (count === 0) return taskConflict(scope, input.taskId, "live");

  const after = await reload(scope, input.taskId);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of Object.keys(patch) as (keyof Patch)[]) {
    const [was, now] = [fieldValue(before, field), fieldValue(after, field)];
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[field] = { before: was, after: now };
  }
  await audited(scope, "task.updated", { type: "task", id: input.taskId }, { changes } as Prisma.InputJsonObject);
  await emitEvent(scope, "task.updated", { taskId: input.taskId, projectId: after.projectId, title: after.title, changes });
  if (changes.assigneeId && after.assignee) await assigned(scope, input.taskId, after.assignee.id);
  if (changes.description) await notifyMentions(scope, input.taskId, { before: before.description, after: after.description });
  return after;
}

/** Soft delete (to the trash) or restore, guarded by the version like any edit. */
export async function setTaskDeleted(
  scope: TenantScope,
  input: { taskId: string; expectedVersion: number },
  deleted: boolean,
): Promise<TaskDto> {
  const { count } = await scope.tx.task.updateMany({
    where: {
      ...visibleTask(scope.org.id, input.taskId),
      version: input.expectedVersion,
      deletedAt: deleted ? null : { not: null },
    },
    data: { deletedAt: deleted ? new Date() : null, version: { increment: 1 } },
  });
  if (count === 0) return taskConflict(scope, input.taskId, deleted ? "live" : "deleted");
  await audited(scope, deleted ? "task.deleted" : "task.restored", { type: "task", id: input.taskId });
  const task = await reload(scope, input.taskId);
  await emitEvent(scope, deleted ? "task.deleted" : "task.restored", { taskId: task.id, projectId: task.projectId, title: task.title });
  return task;
}
