import { sql, type SqlSession } from "@agency/db";
import { TASK_STATUSES, type listTasksInputSchema, type TaskDto, type TaskStatus } from "@agency/validators";
import type { z } from "zod";
import {
  cursorKeyDay,
  cursorKeyNumber,
  decodeCursor,
  decodeTimestampCursor,
  encodeCursor,
  invalidCursorError,
} from "../../lib/cursor";
import { escapeLike } from "../../lib/like-pattern";
import { pageOf } from "../../lib/page";
import type { TenantScope } from "../scope";
import { selectProjectsNamed, selectTasks, toIsoDate, toTaskDto, type TaskQuery, type TaskReadRow } from "./task-query";

type ListTasksInput = Omit<z.output<typeof listTasksInputSchema>, "orgId">;
type Page = { items: TaskDto[]; nextCursor: string | null };
type RawPage = { rows: TaskReadRow[]; nextCursor: string | null };

/**
 * Filters shared by every sort. A search reads through the `tasks_search` view so the
 * trigram indexes apply (see task-query.ts); `%`, `_` and `\` in the term match literally.
 */
function filtered(orgId: string, input: ListTasksInput, namedProjectIds: readonly string[] = []): TaskQuery {
  let query = selectTasks(orgId, input.search ? "tasks_search" : "tasks");
  query = input.deleted ? query.where("t.deleted_at", "is not", null) : query.where("t.deleted_at", "is", null);
  if (input.projectId) query = query.where("t.project_id", "=", input.projectId);
  // One status is an equality, which the board index (…, project_id, status, …) can seek on.
  if (input.status)
    query = query.where(
      "t.status",
      input.status.length === 1 ? "=" : "in",
      input.status.length === 1 ? input.status[0]! : input.status,
    );
  if (input.priority) query = query.where("t.priority", "in", input.priority);
  if (input.assigneeId)
    query =
      input.assigneeId === "none"
        ? query.where("t.assignee_id", "is", null)
        : input.assigneeId === "me"
          ? query.where("t.assignee_id", "=", sql<string>`(SELECT app_current_user_id())`)
          : query.where("t.assignee_id", "=", input.assigneeId);
  if (input.label) query = query.where(sql<boolean>`t.labels @> ARRAY[${input.label}]::text[]`);
  if (input.dueFrom) query = query.where("t.due_date", ">=", dbDate(input.dueFrom));
  if (input.dueTo) query = query.where("t.due_date", "<=", dbDate(input.dueTo));
  if (input.search) {
    const pattern = searchPattern(input.search);
    // Title or description (trigram-indexed through tasks_search), or one of the projects whose
    // own or client's name matches — found beforehand (a small set), so this branch is an
    // index lookup on project_id and the OR can still combine index scans.
    query = query.where((eb) =>
      eb.or([
        eb("t.title", "ilike", pattern),
        eb("t.description", "ilike", pattern),
        ...(namedProjectIds.length ? [eb("t.project_id", "=", eb.fn<string>("any", [eb.val(namedProjectIds)]))] : []),
      ]),
    );
  }
  return query;
}

const searchPattern = (search: string) => `%${escapeLike(search)}%`;

const dbDate = (date: string) => new Date(`${date}T00:00:00.000Z`);

/**
 * `deleted_at IS NULL` is not an equality, so Postgres cannot skip the deleted_at column of
 * the (…, deleted_at, sort key, id) indexes when matching ORDER BY: it would sort the whole
 * org. Ordering live lists by deleted_at too (all NULL there: same order) lets the index
 * deliver the rows in order and stop after one page. The trash keeps a plain sort.
 */
const liveOrder = (query: TaskQuery, input: ListTasksInput): TaskQuery =>
  input.deleted ? query : query.orderBy("t.deleted_at", "asc");

/** newest / updated: (timestamp desc, id desc); the cursor holds the last row's ms and id. */
async function byTimestamp(
  sqlSession: SqlSession,
  base: TaskQuery,
  input: ListTasksInput,
  column: "created_at" | "updated_at",
): Promise<RawPage> {
  let query = base;
  if (input.cursor) {
    const { at, id } = decodeTimestampCursor(input.cursor);
    // The plain `≤ at` bound is what Postgres can use as an index condition (the OR alone is only a
    // filter: it would walk the index from the newest row and discard everything before the cursor).
    query = query
      .where(`t.${column}`, "<=", at)
      .where((eb) => eb.or([eb(`t.${column}`, "<", at), eb.and([eb(`t.${column}`, "=", at), eb("t.id", "<", id)])]));
  }
  const rows = await sqlSession.all(
    liveOrder(query, input)
      .orderBy(`t.${column}`, "desc")
      .orderBy("t.id", "desc")
      .limit(input.limit + 1),
  );
  const field = column === "created_at" ? "createdAt" : "updatedAt";
  return pageOf(rows, input.limit, (last) => encodeCursor(last[field].getTime(), last.id));
}

/**
 * due: (due_date asc, id asc) over the dated tasks, then the undated ones by id. The cursor
 * says which part it is in ("d:YYYY-MM-DD" or "u"); when the dated part runs out mid-page the
 * same request continues into the undated part: two statements at most.
 */
async function byDueDate(sqlSession: SqlSession, base: TaskQuery, input: ListTasksInput): Promise<RawPage> {
  const want = input.limit + 1;
  const ordered = (query: TaskQuery) => liveOrder(query, input).orderBy("t.due_date", "asc").orderBy("t.id", "asc");
  let rows: TaskReadRow[] = [];
  let undatedAfter: string | null = null;
  let inUndated = false;
  if (input.cursor) {
    const [key, id] = decodeCursor(input.cursor);
    if (key === "u") [inUndated, undatedAfter] = [true, id];
    else if (typeof key === "string" && key.startsWith("d:")) {
      const at = cursorKeyDay(key.slice(2));
      const after = base
        .where("t.due_date", ">=", at)
        .where((eb) => eb.or([eb("t.due_date", ">", at), eb.and([eb("t.due_date", "=", at), eb("t.id", ">", id)])]));
      rows = await sqlSession.all(ordered(after).limit(want));
    } else throw invalidCursorError();
  } else {
    rows = await sqlSession.all(ordered(base.where("t.due_date", "is not", null)).limit(want));
  }
  // A due-date range excludes undated tasks, so there is no second part.
  const hasUndatedPart = !input.dueFrom && !input.dueTo;
  if ((inUndated || rows.length < want) && hasUndatedPart) {
    let undated = base.where("t.due_date", "is", null);
    if (undatedAfter) undated = undated.where("t.id", ">", undatedAfter);
    rows = [...rows, ...(await sqlSession.all(ordered(undated).limit(want - rows.length)))];
  }
  return pageOf(rows, input.limit, (last) =>
    encodeCursor(last.dueDate ? `d:${toIsoDate(last.dueDate)}` : "u", last.id),
  );
}

const POSITION_CURSOR = /^(todo|in_progress|review|done):(.+)$/;

/** position: one project's board, columns left to right (enum order), then position, id. */
async function byPosition(sqlSession: SqlSession, base: TaskQuery, input: ListTasksInput): Promise<RawPage> {
  let query = base;
  if (input.cursor) {
    const [key, id] = decodeCursor(input.cursor);
    const match = typeof key === "string" ? POSITION_CURSOR.exec(key) : null;
    if (!match) throw invalidCursorError();
    const position = cursorKeyNumber(match[2]!);
    const status = match[1] as TaskStatus;
    const later = TASK_STATUSES.slice(TASK_STATUSES.indexOf(status) + 1);
    query = query.where((eb) =>
      eb.or([
        ...(later.length ? [eb("t.status", "in", later)] : []),
        eb.and([eb("t.status", "=", status), eb("t.position", ">", position)]),
        eb.and([eb("t.status", "=", status), eb("t.position", "=", position), eb("t.id", ">", id)]),
      ]),
    );
  }
  // Board index: (org_id, project_id, status, deleted_at, position, id).
  const ordered = liveOrder(query.orderBy("t.status", "asc"), input)
    .orderBy("t.position", "asc")
    .orderBy("t.id", "asc");
  const rows = await sqlSession.all(ordered.limit(input.limit + 1));
  return pageOf(rows, input.limit, (last) => encodeCursor(`${last.status}:${last.position}`, last.id));
}

/**
 * One page of tasks (or the trash), filtered, searched and keyset-paginated on an indexed
 * stable order, in ONE statement (two for `due` when a page crosses into the undated part, one
 * more for a search, finding the projects it matches by name):
 * the tasks with their people and live comment counts (task-query.ts), whatever the page size.
 */
export async function listTasks(scope: TenantScope, input: ListTasksInput): Promise<Page> {
  // A search also matches project and client names: their projects first (one small statement).
  const namedProjectIds = input.search
    ? (await scope.sql.all(selectProjectsNamed(scope.org.id, searchPattern(input.search)))).map((row) => row.id)
    : [];
  const base = filtered(scope.org.id, input, namedProjectIds);
  const raw =
    input.sort === "newest"
      ? await byTimestamp(scope.sql, base, input, "created_at")
      : input.sort === "updated"
        ? await byTimestamp(scope.sql, base, input, "updated_at")
        : input.sort === "due"
          ? await byDueDate(scope.sql, base, input)
          : await byPosition(scope.sql, base, input);
  return { items: raw.rows.map(toTaskDto), nextCursor: raw.nextCursor };
}
