import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type RawBuilder,
} from "kysely";
import type pg from "pg";
import type { DB } from "../generated/kysely/database";
import { sqlTypeParsers } from "./wire";

export { sqlTypeParsers } from "./wire";

/**
 * Builds typed SQL for the hot paths from tables generated out of schema.prisma
 * (prisma-kysely): compile-only, never connects. `SqlSession` runs what it builds
 * on the current transaction's connection.
 */
export const kysely = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export type { DB } from "../generated/kysely/database";
export { sql, type Compilable } from "kysely";

/** A statement for SqlSession: a Kysely query builder, or a `sql` template (RawBuilder). */
export type SqlQuery<R> = Compilable<R> | RawBuilder<R>;
/** The row type a query returns. */
export type RowOf<Q> = Q extends SqlQuery<infer R> ? R : never;


/** Typed SQL on one connection (a transaction's): every call runs one statement. */
export interface SqlSession {
  /** All rows. */
  all<R>(query: SqlQuery<R>): Promise<R[]>;
  /** The first row, or undefined. */
  first<R>(query: SqlQuery<R>): Promise<R | undefined>;
  /** Runs a statement; the number of rows it affected. */
  run(query: SqlQuery<unknown>): Promise<number>;
}

export function sqlSession(connection: () => pg.PoolClient): SqlSession {
  const execute = async <R>(query: SqlQuery<R>) => {
    const compiled = "isRawBuilder" in query ? query.compile(kysely) : query.compile();
    return connection().query<R & pg.QueryResultRow>({
      text: compiled.sql,
      values: compiled.parameters as unknown[],
      types: sqlTypeParsers,
    });
  };
  return {
    all: async (query) => (await execute(query)).rows,
    first: async (query) => (await execute(query)).rows[0],
    run: async (query) => (await execute(query)).rowCount ?? 0,
  };
}

/**
 * A statement of a fixed shape compiled ONCE, its values bound per call — what a prepared
 * statement's text is to its parameters. `build` receives placeholder strings for `names`;
 * each value must reach the SQL as one parameter, unchanged (ids, text; pass arrays as one
 * `= ANY(…)` parameter). Hot paths use it so a request pays no query building at all.
 */
export function prepared<Names extends string, R>(
  names: readonly Names[],
  build: (placeholders: Record<Names, string>) => SqlQuery<R>,
): (values: Record<Names, unknown>) => Compilable<R> {
  let compiled: { sql: string; slots: (Names | { value: unknown })[]; query: ReturnType<Compilable<R>["compile"]>["query"] } | undefined;
  const compileOnce = () => {
    const placeholders = Object.fromEntries(names.map((name) => [name, `\u0000:${name}:\u0000`])) as Record<Names, string>;
    const query = build(placeholders);
    const result = "isRawBuilder" in query ? query.compile(kysely) : query.compile();
    const byPlaceholder = new Map(names.map((name) => [placeholders[name], name] as const));
    const slots = result.parameters.map((value) =>
      typeof value === "string" && byPlaceholder.has(value) ? byPlaceholder.get(value)! : { value },
    );
    const unbound = names.filter((name) => !slots.includes(name));
    if (unbound.length) throw new Error(`prepared(): ${unbound.join(", ")} did not reach the SQL as a parameter of its own`);
    return { sql: result.sql, slots, query: result.query };
  };
  return (values) => ({
    compile() {
      compiled ??= compileOnce();
      const { sql: text, slots, query } = compiled;
      return {
        sql: text,
        query,
        queryId: { queryId: "prepared" },
        parameters: slots.map((slot) => (typeof slot === "string" ? values[slot] : slot.value)),
      } as ReturnType<Compilable<R>["compile"]>;
    },
  });
}
