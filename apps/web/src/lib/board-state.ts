import type { BoardEvent, TaskDto, TaskStatus } from "@agency/validators";
import type { InfinitePages } from "./infinite-pages";

/** One board column as its infinite query caches it (tasks.list, sort=position, one status). */
export type ColumnData = InfinitePages<TaskDto>;

/** Board order inside a column: position, then id (the server's tie-breaker). */
export function comesBefore(a: Pick<TaskDto, "position" | "id">, b: Pick<TaskDto, "position" | "id">): boolean {
  return a.position < b.position || (a.position === b.position && a.id < b.id);
}

export function findTask(data: ColumnData | undefined, taskId: string): TaskDto | undefined {
  for (const page of data?.pages ?? []) {
    const found = page.items.find((item) => item.id === taskId);
    if (found) return found;
  }
  return undefined;
}

function withoutTask(data: ColumnData, taskId: string): ColumnData {
  if (!findTask(data, taskId)) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== taskId) })),
  };
}

/**
 * The column with `task` placed by its position. A task that sorts after every loaded card
 * while more pages remain is left out: it belongs to a page not loaded yet ("Load more" brings it).
 */
function withTaskPlaced(data: ColumnData, task: TaskDto): ColumnData {
  const pages = data.pages.map((page) => ({ ...page, items: [...page.items] }));
  for (const page of pages) {
    const index = page.items.findIndex((item) => comesBefore(task, item));
    if (index >= 0) {
      page.items.splice(index, 0, task);
      return { ...data, pages };
    }
  }
  const last = pages[pages.length - 1];
  if (!last) return { ...data, pages: [{ items: [task], nextCursor: null }], pageParams: [null] };
  if (last.nextCursor !== null) return { ...data, pages };
  last.items.push(task);
  return { ...data, pages };
}

/**
 * A column after the task changed: removed from it, then placed again by position when it now
 * belongs here (same project, this status, not deleted). `task` null means "gone from this board".
 */
export function applyTaskToColumn(
  data: ColumnData | undefined,
  column: TaskStatus,
  projectId: string,
  taskId: string,
  task: TaskDto | null,
): ColumnData | undefined {
  if (!data) return data;
  const rest = withoutTask(data, taskId);
  if (!task || task.projectId !== projectId || task.status !== column || task.deletedAt !== null) return rest;
  return withTaskPlaced(rest, task);
}

/** The newest version of the task the board holds in any column (to drop events older than what is shown). */
export function cachedVersion(
  columns: Partial<Record<TaskStatus, ColumnData | undefined>>,
  taskId: string,
): number | null {
  for (const data of Object.values(columns)) {
    const found = findTask(data, taskId);
    if (found) return found.version;
  }
  return null;
}

/** Whether a live event is news: older than (or the same as) the card shown means it was already applied. */
export function isNewerThanCached(
  event: Pick<BoardEvent, "taskId" | "version">,
  columns: Partial<Record<TaskStatus, ColumnData | undefined>>,
) {
  const version = cachedVersion(columns, event.taskId);
  return version === null || event.version > version;
}

/**
 * Whether a live event changes what the board shows. Task events bump the task's version, so only
 * a newer one is news. Comment events leave the task's version as it was but change its comment
 * count: one about the version shown (or a newer one) is news too.
 */
export function isNewsForBoard(
  event: Pick<BoardEvent, "taskId" | "version" | "kind">,
  columns: Partial<Record<TaskStatus, ColumnData | undefined>>,
) {
  if (!event.kind.startsWith("comment.")) return isNewerThanCached(event, columns);
  const version = cachedVersion(columns, event.taskId);
  return version === null || event.version >= version;
}

/** The cards of a column in board order, across loaded pages. */
export function columnTasks(data: ColumnData | undefined): TaskDto[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}
