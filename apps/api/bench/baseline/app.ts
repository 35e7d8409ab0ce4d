/**
 * The bare baseline `pnpm bench:api` measures the API against: Fastify + pg and nothing else —
 * no tRPC, zod, rate limits, Prisma, logging or security headers — sending the SAME SQL in the
 * SAME RLS transaction (BEGIN; the boundary's one entry statement; the read; COMMIT) and
 * answering byte-identical JSON. The SQL is not copied: the benchmark records the statements
 * the API's own services send for each benchmarked request (recorded-statements.ts) and hands
 * them over; per request the baseline only swaps the parameter values. It imports nothing of
 * the product but the DTO mapping, the page helper and the wire constants. Not part of the
 * product: server.ts runs it for `pnpm bench:api`, which also imports it to count statements.
 */
import { ENTER_TENANT_SQL, sqlTypeParsers } from "@agency/db/wire";
import Fastify from "fastify";
import pg from "pg";
import { encodeCursor } from "../../src/lib/cursor-encoding";
import { pageOf } from "../../src/lib/page";
import { toTaskDto } from "../../src/services/tasks/task-dto";
import type { TaskReadRow } from "../../src/services/tasks/task-query";
import { SENTINEL_PROJECT, SENTINEL_SEARCH, SENTINEL_TASK, type RecordedStatements, type Recorded } from "./recorded-statements";

export interface BaselineOptions {
  databaseUrl: string;
  poolMax: number;
  /** The organization the benchmark reads (the statements were recorded for it). */
  orgId: string;
  sessionTtlSeconds: number;
  statements: RecordedStatements;
}

const withValues = (statement: Recorded, replace: (value: unknown) => unknown) => statement.parameters.map(replace);

/** The baseline's Fastify app (not listening) and how to close it. */
export async function createBaseline(env: BaselineOptions) {
  const { statements } = env;

  const pool = new pg.Pool({
    connectionString: env.databaseUrl,
    max: env.poolMax,
    application_name: "agency-bench-baseline",
  });

  /**
   * BEGIN; the boundary's entry statement for this session and org; the read (`read` sends one
   * statement, or two for a search); COMMIT.
   */
  async function inTenant(
    sessionId: string,
    read: (query: (statement: Recorded, values: unknown[]) => Promise<TaskReadRow[]>) => Promise<TaskReadRow[]>,
  ): Promise<TaskReadRow[] | null> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const entered = await client.query(ENTER_TENANT_SQL, [sessionId, null, env.orgId, env.sessionTtlSeconds]);
      if (!entered.rows[0]?.org_role) {
        await client.query("ROLLBACK");
        return null;
      }
      const rows = await read(
        async (statement, values) => (await client.query<TaskReadRow>({ text: statement.sql, values, types: sqlTypeParsers })).rows,
      );
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
    const term = (v: unknown) => (typeof v === "string" && v.includes(SENTINEL_SEARCH) ? v.replace(SENTINEL_SEARCH, search!) : v);
    const rows = await inTenant(session(request.headers), async (query) => {
      if (!search) return query(statements.list, statements.list.parameters as unknown[]);
      // As the service does: the projects the term names first, then the page (with or without them).
      const named = (await query(statements.searchProjects, withValues(statements.searchProjects, term))).map(
        (row) => (row as unknown as { id: string }).id,
      );
      const page = named.length ? statements.search : statements.searchNoProjects;
      return query(
        page,
        withValues(page, (v) => (Array.isArray(v) && v.length === 1 && v[0] === SENTINEL_PROJECT ? named : term(v))),
      );
    });
    if (!rows) return reply.status(404).send({ error: "not found" });
    return { result: { data: page(rows, 50) } };
  });
  app.get("/trpc/tasks.get", async (request, reply) => {
    const taskId = String(inputOf(request.query).taskId);
    const rows = await inTenant(session(request.headers), (query) =>
      query(statements.get, withValues(statements.get, (v) => (v === SENTINEL_TASK ? taskId : v))),
    );
    if (!rows?.[0]) return reply.status(404).send({ error: "not found" });
    return { result: { data: toTaskDto(rows[0]) } };
  });

  app.get("/readyz", async () => {
    await pool.query("SELECT 1");
    return { status: "ready" };
  });
  return {
    app,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
