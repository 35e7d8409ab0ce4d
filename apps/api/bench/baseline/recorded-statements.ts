import { kysely, type SqlQuery, type SqlSession } from "@agency/db";
import { listTasksInputSchema } from "@agency/validators";
import type { TenantScope } from "../../src/services/scope";
import { listTasks } from "../../src/services/tasks/list";
import { findTask } from "../../src/services/tasks/task-read";

export const SENTINEL_TASK = "00000000-0000-4000-8000-00000000cafe";
export const SENTINEL_PROJECT = "00000000-0000-4000-8000-0000000beef0";
export const SENTINEL_SEARCH = "\u0001search\u0001";

export interface Recorded {
  sql: string;
  parameters: readonly unknown[];
}
export interface RecordedStatements {
  list: Recorded;
  /** A search is two statements, as the service sends it: the projects it matches by name, then the page. */
  searchProjects: Recorded;
  /** The page when some projects matched (`project_id = ANY(<SENTINEL_PROJECT>)` holds their ids). */
  search: Recorded;
  /** The page when none did (the project branch is left out). */
  searchNoProjects: Recorded;
  get: Recorded;
}

/**
 * The `nth` statement (0-based) a service sends for `run`, recorded without touching the database;
 * `answers[i]` are the rows statement i gets back (none by default).
 */
async function record(
  orgId: string,
  run: (scope: TenantScope) => Promise<unknown>,
  options: { nth?: number; answers?: unknown[][] } = {},
): Promise<Recorded> {
  let recorded: Recorded | undefined;
  let sent = 0;
  const grab = async (query: SqlQuery<unknown>) => {
    const compiled = "isRawBuilder" in query ? query.compile(kysely) : query.compile();
    const index = sent++;
    if (index === (options.nth ?? 0)) recorded = { sql: compiled.sql, parameters: compiled.parameters };
    return options.answers?.[index] ?? [];
  };
  const sql: SqlSession = {
    all: grab as SqlSession["all"],
    first: (async (q: SqlQuery<unknown>) => (await grab(q))[0]) as SqlSession["first"],
    run: async (q) => (await grab(q)).length,
  };
  // Only what the list and get services read from a scope: the typed-SQL session and the org.
  const scope = { sql, org: { id: orgId, role: "owner" } } as unknown as TenantScope;
  await run(scope).catch(() => undefined);
  if (!recorded) throw new Error("bench-baseline: the service sent no statement");
  return recorded;
}

/**
 * The statements the API's services send for the benchmarked requests (first page of the
 * list, a search, a get), with placeholders where the request's values go.
 */
export async function recordStatements(orgId: string): Promise<RecordedStatements> {
  const search = (scope: TenantScope) => listTasks(scope, listTasksInputSchema.parse({ orgId, limit: 50, search: SENTINEL_SEARCH }));
  return {
    list: await record(orgId, (scope) => listTasks(scope, listTasksInputSchema.parse({ orgId, limit: 50 }))),
    searchProjects: await record(orgId, search),
    search: await record(orgId, search, { nth: 1, answers: [[{ id: SENTINEL_PROJECT }]] }),
    searchNoProjects: await record(orgId, search, { nth: 1 }),
    get: await record(orgId, (scope) => findTask(scope, SENTINEL_TASK)),
  };
}
