/**
 * The bare baseline `pnpm bench:api` measures the API against: Fastify + pg and nothing else —
 * no tRPC, zod, rate limits, Prisma, logging or security headers — sending the SAME SQL in the
 * SAME RLS transaction (BEGIN; the boundary's one entry statement; the read; COMMIT) and
 * answering byte-identical JSON. The SQL is not copied: at start it records, once, the
 * statements the API's own services send for each benchmarked request (a recording SqlSession),
 * then per request only swaps the parameter values. Not part of the product.
 */
import { ENTER_TENANT_SQL, kysely, sqlTypeParsers, type SqlQuery, type SqlSession } from "@agency/db";
import { listTasksInputSchema } from "@agency/validators";
import Fastify from "fastify";
import pg from "pg";
import { encodeCursor } from "../../src/lib/cursor";
import { pageOf } from "../../src/lib/page";
import type { TenantScope } from "../../src/services/scope";
import { listTasks } from "../../src/services/tasks/list";
import { findTask } from "../../src/services/tasks/task-read";
import { toTaskDto, type TaskReadRow } from "../../src/services/tasks/task-query";

const env = {
  databaseUrl: required("DATABASE_URL"),
  port: Number(process.env.PORT ?? 0),
  poolMax: Number(process.env.DATABASE_POOL_MAX ?? 10),
  orgId: required("BENCH_ORG_ID"),
  sessionTtlSeconds: Number(process.env.SESSION_TTL_HOURS ?? 12) * 3600,
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`bench-baseline: ${name} is required`);
  return value;
}

const SENTINEL_TASK = "00000000-0000-4000-8000-00000000cafe";
const SENTINEL_SEARCH = "\u0001search\u0001";

interface Recorded {
  sql: string;
  parameters: readonly unknown[];
}

/** The statement a service sends for `run`, recorded without touching the database. */
async function record(run: (scope: TenantScope) => Promise<unknown>): Promise<Recorded> {
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
  const scope = { sql, org: { id: env.orgId, role: "owner" } } as unknown as TenantScope;
  await run(scope).catch(() => undefined);
  if (!recorded) throw new Error("bench-baseline: the service sent no statement");
  return recorded;
}

const withValues = (statement: Recorded, replace: (value: unknown) => unknown) => statement.parameters.map(replace);

async function main() {
  const listInput = listTasksInputSchema.parse({ orgId: env.orgId, limit: 50 });
  const searchInput = listTasksInputSchema.parse({ orgId: env.orgId, limit: 50, search: SENTINEL_SEARCH });
  const statements = {
    list: await record((scope) => listTasks(scope, listInput)),
    search: await record((scope) => listTasks(scope, searchInput)),
    get: await record((scope) => findTask(scope, SENTINEL_TASK)),
  };

  const pool = new pg.Pool({
    connectionString: env.databaseUrl,
    max: env.poolMax,
    application_name: "agency-bench-baseline",
  });

  /** BEGIN; the boundary's entry statement for this session and org; the read; COMMIT. */
  async function inTenant(sessionId: string, statement: Recorded, values: unknown[]): Promise<TaskReadRow[] | null> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const entered = await client.query(ENTER_TENANT_SQL, [sessionId, null, env.orgId, env.sessionTtlSeconds]);
      if (!entered.rows[0]?.org_role) {
        await client.query("ROLLBACK");
        return null;
      }
      const { rows } = await client.query<TaskReadRow>({ text: statement.sql, values, types: sqlTypeParsers });
      await client.query("COMMIT");
      return rows;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const app = Fastify({ logger: false });
  const session = (headers: Record<string, unknown>) => String(headers["x-agency-session"] ?? "");
  const inputOf = (query: unknown) =>
    JSON.parse(String((query as { input?: string }).input ?? "{}")) as Record<string, unknown>;
  const page = (rows: TaskReadRow[], limit: number) => {
    const { rows: items, nextCursor } = pageOf(rows, limit, (last) => encodeCursor(last.createdAt.getTime(), last.id));
    return { items: items.map(toTaskDto), nextCursor };
  };

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/trpc/tasks.list", async (request, reply) => {
    const input = inputOf(request.query);
    const search = typeof input.search === "string" ? input.search : null;
    const statement = search ? statements.search : statements.list;
    const values = withValues(statement, (v) =>
      typeof v === "string" && v.includes(SENTINEL_SEARCH) ? v.replace(SENTINEL_SEARCH, search!) : v,
    );
    const rows = await inTenant(session(request.headers), statement, values);
    if (!rows) return reply.status(404).send({ error: "not found" });
    return { result: { data: page(rows, 50) } };
  });
  app.get("/trpc/tasks.get", async (request, reply) => {
    const taskId = String(inputOf(request.query).taskId);
    const rows = await inTenant(
      session(request.headers),
      statements.get,
      withValues(statements.get, (v) => (v === SENTINEL_TASK ? taskId : v)),
    );
    if (!rows?.[0]) return reply.status(404).send({ error: "not found" });
    return { result: { data: toTaskDto(rows[0]) } };
  });

  const address = await app.listen({ host: "127.0.0.1", port: env.port });
  console.log(JSON.stringify({ msg: "baseline listening", address }));
  const stop = () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: Error) => {
  console.error(`bench-baseline: ${error.message}`);
  process.exit(1);
});
