import { kysely, type SqlQuery, type SqlSession } from "@agency/db";
import { listTasksInputSchema } from "@agency/validators";
import type { TenantScope } from "../../src/services/scope";
import { listTasks } from "../../src/services/tasks/list";
import { findTask } from "../../src/services/tasks/task-read";

export const SENTINEL_TASK = "00000000-0000-4000-8000-00000000cafe";
export const SENTINEL_SEARCH = "\u0001search\u0001";

export interface Recorded {
  sql: string;
  parameters: readonly unknown[];
}
export interface RecordedStatements {
  list: Recorded;
  search: Recorded;
  get: Recorded;
}

/** The statement a service sends for `run`, recorded without touching the database. */
async function record(orgId: string, run: (scope: TenantScope) => Promise<unknown>): Promise<Recorded> {
  let recorded: Recorded | undefined;
  const grab = async (query: SqlQuery<unknown>) => {
    const compiled = "isRawBuilder" in query ? query.compile(kysely) : query.compile();
    recorded ??= { sql: compiled.sql, parameters: compiled.parameters };
    return [];
  };
  const sql: SqlSession = {
    all: grab as SqlSession["all"],
    first: async (q) => (await grab(q))[0],
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
  return {
    list: await record(orgId, (scope) => listTasks(scope, listTasksInputSchema.parse({ orgId, limit: 50 }))),
    search: await record(orgId, (scope) =>
      listTasks(scope, listTasksInputSchema.parse({ orgId, limit: 50, search: SENTINEL_SEARCH })),
    ),
    get: await record(orgId, (scope) => findTask(scope, SENTINEL_TASK)),
  };
}
