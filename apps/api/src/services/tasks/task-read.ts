import { prepared, sql as sqlTag, type SqlSession } from "@agency/db";
import type { TaskDto } from "@agency/validators";
import type { TenantScope } from "../scope";
import { conflictOrMissing } from "../versioned";
import { selectTasks, toTaskDto } from "./task-query";

// Fixed shapes, compiled once (see `prepared`): a get pays no query building.
const taskById = prepared(["orgId", "taskId"], (p) => selectTasks(p.orgId).where("t.id", "=", p.taskId));
const tasksByIds = prepared(["orgId", "taskIds"], (p) =>
  selectTasks(p.orgId).where(sqlTag<boolean>`t.id = ANY(${p.taskIds}::uuid[])`),
);

/** The task as a DTO (live or trashed, in a live project of this org), or null. One statement. */
export async function findTask(scope: Pick<TenantScope, "sql" | "org">, taskId: string): Promise<TaskDto | null> {
  const row = await scope.sql.first(taskById({ orgId: scope.org.id, taskId }));
  return row ? toTaskDto(row) : null;
}

/** Several tasks by id, in one statement (no N+1), keyed by id; missing ones are absent. */
export async function findTasks(sql: SqlSession, orgId: string, taskIds: readonly string[]): Promise<Map<string, TaskDto>> {
  if (taskIds.length === 0) return new Map();
  const rows = await sql.all(tasksByIds({ orgId, taskIds: [...new Set(taskIds)] }));
  return new Map(rows.map((row) => [row.id, toTaskDto(row)]));
}

/** A version-guarded task write matched nothing: the shared conflict rules, with the task as it is now. */
export async function taskConflict(
  scope: Pick<TenantScope, "sql" | "org">,
  taskId: string,
  expect: "live" | "deleted",
): Promise<never> {
  const current = await findTask(scope, taskId);
  return conflictOrMissing({
    noun: "task",
    current: current && { deletedAt: current.deletedAt ? new Date(current.deletedAt) : null },
    expect,
    toDto: () => current,
  });
}
