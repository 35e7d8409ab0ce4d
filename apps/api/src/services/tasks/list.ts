import type { Prisma } from "@agency/db";
import { TASK_STATUSES, type listTasksInputSchema, type TaskDto, type TaskStatus } from "@agency/validators";
import type { z } from "zod";
import { decodeCursor, encodeCursor, invalidCursorError } from "../../lib/cursor";
import { escapeLike } from "../../lib/like-pattern";
import { TASK_SELECT, toIsoDate, toTaskDto } from "./task-dto";
import type { TenantScope } from "../service-context";

/** The list's row: the DTO fields but the comment count, which comes in one grouped query per page. */
const { _count: _commentCount, ...TASK_LIST_SELECT } = TASK_SELECT;
type TaskListRow = Prisma.TaskGetPayload<{ select: typeof TASK_LIST_SELECT }>;

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
  // One status is an equality, which the board index (…, project_id, status, …) can seek on.
  if (input.status) where.status = input.status.length === 1 ? input.status[0] : { in: input.status };
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
    // Prisma sends `contains` as ILIKE '%term%' without escaping: the term's own % and _ must match literally.
    const term = escapeLike(input.search);
    where.OR = [
      { title: { contains: term, mode: "insensitive" } },
      { description: { contains: term, mode: "insensitive" } },
    ];
  }
  return where;
}

const and = (where: Prisma.TaskWhereInput, extra: Prisma.TaskWhereInput): Prisma.TaskWhereInput => ({
  AND: [where, extra],
});

type Page = { items: TaskDto[]; nextCursor: string | null };
type Order = Prisma.TaskOrderByWithRelationInput[];
type Fetch = (where: Prisma.TaskWhereInput, orderBy: Order, take: number) => Promise<TaskListRow[]>;
type RawPage = { rows: TaskListRow[]; nextCursor: string | null };

/**
 * `deleted_at IS NULL` is not an equality, so Postgres cannot skip the deleted_at column
 * of the (…, deleted_at, sort key, id) indexes when matching ORDER BY: it would sort the
 * whole org. Ordering live lists by deleted_at too (all NULL there: same order) lets the
 * index deliver the rows in order and stop after one page. The trash keeps a plain sort.
 */
const liveOrder = (input: ListTasksInput): Order => (input.deleted ? [] : [{ deletedAt: "asc" }]);

function page(rows: TaskListRow[], limit: number, cursorOf: (last: TaskListRow) => string): RawPage {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { rows: items, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/** newest / updated: (timestamp desc, id desc), the cursor holds the last row's ms and id. */
async function byTimestamp(
  fetch: Fetch,
  where: Prisma.TaskWhereInput,
  input: ListTasksInput,
  field: "createdAt" | "updatedAt",
): Promise<RawPage> {
  let keyed = where;
  if (input.cursor) {
    const [key, id] = decodeCursor(input.cursor);
    if (typeof key !== "number") throw invalidCursorError();
    const at = new Date(key);
    // The plain `≤ at` bound is what Postgres can use as an index condition (the OR alone is only a
    // filter: it would walk the index from the newest row and discard everything before the cursor).
    keyed = and(where, { [field]: { lte: at }, OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] });
  }
  const rows = await fetch(keyed, [...liveOrder(input), { [field]: "desc" }, { id: "desc" }], input.limit + 1);
  return page(rows, input.limit, (last) => encodeCursor(last[field].getTime(), last.id));
}

/**
 * due: (due_date asc, id asc) over the dated tasks, then the undated ones by id. The
 * cursor says which part it is in ("d:YYYY-MM-DD" or "u"); when the dated part runs out
 * mid-page the same request continues into the undated part: two statements at most.
 */
async function byDueDate(fetch: Fetch, where: Prisma.TaskWhereInput, input: ListTasksInput): Promise<RawPage> {
  const want = input.limit + 1;
  const order: Order = [...liveOrder(input), { dueDate: "asc" }, { id: "asc" }];
  let rows: TaskListRow[] = [];
  let undatedAfter: string | null = null;
  let inUndated = false;
  if (input.cursor) {
    const [key, id] = decodeCursor(input.cursor);
    if (key === "u") [inUndated, undatedAfter] = [true, id];
    else if (typeof key === "string" && /^d:\d{4}-\d{2}-\d{2}$/.test(key)) {
      const at = dbDate(key.slice(2));
      if (Number.isNaN(at.getTime())) throw invalidCursorError();
      rows = await fetch(
        and(where, { dueDate: { gte: at }, OR: [{ dueDate: { gt: at } }, { dueDate: at, id: { gt: id } }] }),
        order,
        want,
      );
    } else throw invalidCursorError();
  } else {
    rows = await fetch(and(where, { dueDate: { not: null } }), order, want);
  }
  // A due-date range excludes undated tasks, so there is no second part.
  const hasUndatedPart = !input.dueFrom && !input.dueTo;
  if ((inUndated || rows.length < want) && hasUndatedPart) {
    const undated = await fetch(
      and(where, { dueDate: null, ...(undatedAfter ? { id: { gt: undatedAfter } } : {}) }),
      order,
      want - rows.length,
    );
    rows = [...rows, ...undated];
  }
  return page(rows, input.limit, (last) => encodeCursor(last.dueDate ? `d:${toIsoDate(last.dueDate)}` : "u", last.id));
}

/** position: one project's board, columns left to right (enum order), then position, id. */
async function byPosition(fetch: Fetch, where: Prisma.TaskWhereInput, input: ListTasksInput): Promise<RawPage> {
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
  // Board index: (org_id, project_id, status, deleted_at, position, id).
  const rows = await fetch(
    keyed,
    [{ status: "asc" }, ...liveOrder(input), { position: "asc" }, { id: "asc" }],
    input.limit + 1,
  );
  return page(rows, input.limit, (last) => encodeCursor(`${last.status}:${last.position}`, last.id));
}

/**
 * One page of tasks (or the trash), filtered, searched and keyset-paginated on an indexed
 * stable order. A constant number of SQL statements whatever the page size: the page
 * (two for due when it crosses into the undated part), its assignees and creators (one
 * IN query each, from the same findMany), and the live comment counts of the page in one
 * grouped query. (Prisma's `_count` with a filter joins an aggregate over every comment of
 * the org, which defeats the ordered index scan; grouping over the page's ids does not.)
 */
export function listTasks(scope: TenantScope, input: ListTasksInput): Promise<Page> {
  return scope.db(async (tx) => {
    const fetch: Fetch = (where, orderBy, take) => tx.task.findMany({ where, orderBy, take, select: TASK_LIST_SELECT });
    const where = filters(scope.org.id, input);
    const raw =
      input.sort === "newest"
        ? await byTimestamp(fetch, where, input, "createdAt")
        : input.sort === "updated"
          ? await byTimestamp(fetch, where, input, "updatedAt")
          : input.sort === "due"
            ? await byDueDate(fetch, where, input)
            : await byPosition(fetch, where, input);
    const counts = new Map<string, number>();
    if (raw.rows.length) {
      const groups = await tx.taskComment.groupBy({
        by: ["taskId"],
        where: { orgId: scope.org.id, taskId: { in: raw.rows.map((row) => row.id) }, deletedAt: null },
        _count: { _all: true },
      });
      for (const group of groups) counts.set(group.taskId, group._count._all);
    }
    const items = raw.rows.map((row) => toTaskDto({ ...row, _count: { comments: counts.get(row.id) ?? 0 } }));
    return { items, nextCursor: raw.nextCursor };
  });
}
