import type { Prisma } from "@agency/db";
import { TASK_STATUSES, type listTasksInputSchema, type TaskDto, type TaskStatus } from "@agency/validators";
import type { z } from "zod";
import { decodeCursor, encodeCursor, invalidCursorError } from "../../lib/cursor";
import { TASK_SELECT, toIsoDate, toTaskDto, type TaskRow } from "./task-dto";
import type { TaskScope } from "./task-scope";

type ListTasksInput = Omit<z.output<typeof listTasksInputSchema>, "orgId">;

const dbDate = (date: string) => new Date(`${date}T00:00:00.000Z`);

/** Filters shared by every sort. Tasks of a trashed project are hidden (they return with it). */
function filters(orgId: string, input: ListTasksInput): Prisma.TaskWhereInput {
  const where: Prisma.TaskWhereInput = {
    orgId,
    deletedAt: input.deleted ? { not: null } : null,
    project: { deletedAt: null },
  };
  if (input.projectId) where.projectId = input.projectId;
  if (input.status) where.status = { in: input.status };
  if (input.priority) where.priority = { in: input.priority };
  if (input.assigneeId) where.assigneeId = input.assigneeId === "none" ? null : input.assigneeId;
  if (input.label) where.labels = { has: input.label };
  if (input.dueFrom || input.dueTo) {
    where.dueDate = {
      ...(input.dueFrom ? { gte: dbDate(input.dueFrom) } : {}),
      ...(input.dueTo ? { lte: dbDate(input.dueTo) } : {}),
    };
  }
  if (input.search) {
    where.OR = [
      { title: { contains: input.search, mode: "insensitive" } },
      { description: { contains: input.search, mode: "insensitive" } },
    ];
  }
  return where;
}

const and = (where: Prisma.TaskWhereInput, extra: Prisma.TaskWhereInput): Prisma.TaskWhereInput => ({
  AND: [where, extra],
});

type Page = { items: TaskDto[]; nextCursor: string | null };
type Fetch = (
  where: Prisma.TaskWhereInput,
  orderBy: Prisma.TaskOrderByWithRelationInput[],
  take: number,
) => Promise<TaskRow[]>;

function page(rows: TaskRow[], limit: number, cursorOf: (last: TaskRow) => string): Page {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(toTaskDto), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/** newest / updated: (timestamp desc, id desc), the cursor holds the last row's ms and id. */
async function byTimestamp(
  fetch: Fetch,
  where: Prisma.TaskWhereInput,
  input: ListTasksInput,
  field: "createdAt" | "updatedAt",
): Promise<Page> {
  let keyed = where;
  if (input.cursor) {
    const [key, id] = decodeCursor(input.cursor);
    if (typeof key !== "number") throw invalidCursorError();
    const at = new Date(key);
    keyed = and(where, { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] });
  }
  const rows = await fetch(keyed, [{ [field]: "desc" }, { id: "desc" }], input.limit + 1);
  return page(rows, input.limit, (last) => encodeCursor(last[field].getTime(), last.id));
}

/**
 * due: (due_date asc, id asc) over the dated tasks, then the undated ones by id. The
 * cursor says which part it is in ("d:YYYY-MM-DD" or "u"); when the dated part runs out
 * mid-page the same request continues into the undated part: two statements at most.
 */
async function byDueDate(fetch: Fetch, where: Prisma.TaskWhereInput, input: ListTasksInput): Promise<Page> {
  const want = input.limit + 1;
  let rows: TaskRow[] = [];
  let undatedAfter: string | null = null;
  let inUndated = false;
  if (input.cursor) {
    const [key, id] = decodeCursor(input.cursor);
    if (key === "u") [inUndated, undatedAfter] = [true, id];
    else if (typeof key === "string" && /^d:\d{4}-\d{2}-\d{2}$/.test(key)) {
      const at = dbDate(key.slice(2));
      if (Number.isNaN(at.getTime())) throw invalidCursorError();
      rows = await fetch(
        and(where, { OR: [{ dueDate: { gt: at } }, { dueDate: at, id: { gt: id } }] }),
        [{ dueDate: "asc" }, { id: "asc" }],
        want,
      );
    } else throw invalidCursorError();
  } else {
    rows = await fetch(and(where, { dueDate: { not: null } }), [{ dueDate: "asc" }, { id: "asc" }], want);
  }
  // A due-date range excludes undated tasks, so there is no second part.
  const hasUndatedPart = !input.dueFrom && !input.dueTo;
  if ((inUndated || rows.length < want) && hasUndatedPart) {
    const undated = await fetch(
      and(where, { dueDate: null, ...(undatedAfter ? { id: { gt: undatedAfter } } : {}) }),
      [{ id: "asc" }],
      want - rows.length,
    );
    rows = [...rows, ...undated];
  }
  return page(rows, input.limit, (last) => encodeCursor(last.dueDate ? `d:${toIsoDate(last.dueDate)}` : "u", last.id));
}

/** position: one project's board, columns left to right (enum order), then position, id. */
async function byPosition(fetch: Fetch, where: Prisma.TaskWhereInput, input: ListTasksInput): Promise<Page> {
  let keyed = where;
  if (input.cursor) {
    const [key, id] = decodeCursor(input.cursor);
    const match =
      typeof key === "string" ? /^(todo|in_progress|review|done):(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/.exec(key) : null;
    if (!match) throw invalidCursorError();
    const status = match[1] as TaskStatus;
    const position = Number(match[2]);
    const later = TASK_STATUSES.slice(TASK_STATUSES.indexOf(status) + 1);
    keyed = and(where, {
      OR: [
        ...(later.length ? [{ status: { in: later } }] : []),
        { status, position: { gt: position } },
        { status, position, id: { gt: id } },
      ],
    });
  }
  const rows = await fetch(keyed, [{ status: "asc" }, { position: "asc" }, { id: "asc" }], input.limit + 1);
  return page(rows, input.limit, (last) => encodeCursor(`${last.status}:${last.position}`, last.id));
}

/**
 * One page of tasks (or the trash), filtered, searched and keyset-paginated on an indexed
 * stable order. People and the comment count come in the same findMany, so the number of
 * SQL statements does not depend on the page size.
 */
export function listTasks(scope: TaskScope, input: ListTasksInput): Promise<Page> {
  return scope.db(async (tx) => {
    const fetch: Fetch = (where, orderBy, take) => tx.task.findMany({ where, orderBy, take, select: TASK_SELECT });
    const where = filters(scope.org.id, input);
    switch (input.sort) {
      case "newest":
        return byTimestamp(fetch, where, input, "createdAt");
      case "updated":
        return byTimestamp(fetch, where, input, "updatedAt");
      case "due":
        return byDueDate(fetch, where, input);
      case "position":
        return byPosition(fetch, where, input);
    }
  });
}
