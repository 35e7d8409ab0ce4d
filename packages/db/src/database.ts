import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { assertOutsideTenant, CapturingPool, withCapturedConnection } from "./capturing-pool";
import { PrismaClient } from "./generated/prisma/client";
import { instrumentConnection, instrumentTransaction, type DatabaseInstrumentation } from "./instrumentation";
import { getJobQueueSchemaVersion, getMigrationStatus, type MigrationStatus } from "./health";
import { sqlSession, type SqlSession } from "./sql/builder";
import { enterTenant, type TenantCredentials, type TenantTransaction, type TransactionClient } from "./tenant";

export interface DatabaseOptions {
  connectionString: string;
  /** Pool size of this process. */
  max?: number;
  /** Shows in pg_stat_activity. */
  applicationName?: string;
  /**
   * An idle pooled connection failed (the server restarted, a failover, an admin terminated it).
   * The pool has already dropped it; without a listener pg would throw it as an uncaught exception
   * and end the process.
   */
  onIdleConnectionError?: (error: Error) => void;
  /** Tracing spans and timings (observability); absent, nothing is wrapped or timed. */
  instrumentation?: DatabaseInstrumentation;
}

export interface TransactionOptions {
  /** Longest the whole transaction may take (default 10 s). */
  timeoutMs?: number;
  /** Longest to wait for a pool connection (default 5 s). */
  maxWaitMs?: number;
}

/** Maintenance work: Prisma and typed SQL as app_maintenance (bypasses RLS), for the places the README names. */
export interface MaintenanceTransaction {
  tx: TransactionClient;
  sql: SqlSession;
}

/**
 * The API's only way into PostgreSQL. Every call is one transaction:
 * - `tenant(who, fn)`: as app_user, entered with one statement that resolves the
 *   caller and the organization (the boundary: RLS decides what every query sees);
 * - `maintenance(fn)`: as app_maintenance, for work no tenant owns (purge, mail
 *   delivery, the dev outbox).
 * Inside, `tx` (Prisma) and `sql` (typed plain SQL for the hot paths) share the
 * transaction's connection. The connecting role's own rights serve only the
 * readiness probe (`ping`, `migrationStatus`).
 */
export interface Database {
  tenant<T>(who: TenantCredentials, fn: (t: TenantTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * The same boundary for work done entirely in typed SQL (the hot reads): a plain pg
   * transaction — BEGIN, the entry statement, the work, COMMIT — without Prisma's interactive
   * transaction machinery. `tx` is not available in it.
   */
  tenantSql<T>(who: TenantCredentials, fn: (t: Omit<TenantTransaction, "tx">) => Promise<T>, options?: TransactionOptions): Promise<T>;
  maintenance<T>(fn: (t: MaintenanceTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Round trip to the server (readiness). */
  ping(): Promise<{ latencyMs: number; serverVersion: string }>;
  migrationStatus(): Promise<MigrationStatus>;
  /** pg-boss's installed schema version (readiness), null when missing. */
  jobQueueSchemaVersion(): Promise<number | null>;
  /** The pool's counters and the transactions in flight, for diagnostics and benchmarks. */
  poolStats(): { total: number; idle: number; waiting: number; transactions: number };
  /**
   * Refuses new transactions (DatabaseClosedError), waits for the ones in flight to settle, then
   * closes Prisma and the pool. Idempotent. Each transaction is bounded (Prisma's timeout, the
   * statement timeout), so the wait is too.
   */
  disconnect(): Promise<void>;
}

/** A transaction asked for after `disconnect()` began (e.g. by a live stream still winding down). */
export class DatabaseClosedError extends Error {
  override name = "DatabaseClosedError";
  constructor() {
    super("The database is shutting down: no new transactions.");
  }
}

const DEFAULTS = { timeoutMs: 10_000, maxWaitMs: 5_000 };

export function createDatabase(options: DatabaseOptions): Database {
  const pool = new CapturingPool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "agency",
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // One slow statement cannot hold a pool slot forever.
    statement_timeout: 15_000,
  });
  pool.on("error", (error) => options.onIdleConnectionError?.(error));
  const { instrumentation } = options;
  if (instrumentation) pool.on("connect", (client) => instrumentConnection(client, instrumentation));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

  // Transactions started and not yet settled. disconnect() must not run while one is still
  // starting: Prisma's $disconnect cancels it, its start then completes on a pool client that no
  // one ever commits or releases, and pool.end() (which waits for every checked-out client)
  // never resolves. So disconnect() first refuses new transactions and waits for these.
  const inFlight = new Set<Promise<unknown>>();
  let disconnecting: Promise<void> | undefined;
  const tracked = <T>(run: () => Promise<T>): Promise<T> => {
    if (disconnecting) return Promise.reject(new DatabaseClosedError());
    const running = run();
    const settled = running.then(() => undefined, () => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return running;
  };

  const transaction = <T>(
    kind: "tenant" | "maintenance",
    fn: (tx: TransactionClient, connection: () => pg.PoolClient) => Promise<T>,
    options: TransactionOptions = {},
  ) =>
    tracked(() =>
      instrumentTransaction(instrumentation, kind, () =>
        withCapturedConnection(kind, (connection) =>
          prisma.$transaction((tx) => fn(tx, connection), {
            timeout: options.timeoutMs ?? DEFAULTS.timeoutMs,
            maxWait: options.maxWaitMs ?? DEFAULTS.maxWaitMs,
          }),
        ),
      ),
    );

  return {
    tenant: (who, fn, txOptions) =>
      transaction("tenant", async (tx, connection) => {
        const entered = await enterTenant(connection(), who);
        return fn({ tx, sql: sqlSession(connection), ...entered });
      }, txOptions),
    // Bounded by the connections' statement timeout: the work is a few reads, no Prisma timer.
    tenantSql: (who, fn) =>
      tracked(() => instrumentTransaction(instrumentation, "tenant", () => withCapturedConnection("tenant", async (connection) => {
        // Checked out inside the slot, so connection() is this client.
        const client = await pool.connect();
        let release: ((error?: Error) => void) | undefined = (error) => client.release(error);
        try {
          await client.query("BEGIN");
          const entered = await enterTenant(connection(), who);
          const result = await fn({ sql: sqlSession(connection), ...entered });
          await client.query("COMMIT");
          return result;
        } catch (error) {
          // A connection that cannot even roll back is broken: drop it from the pool.
          await client.query("ROLLBACK").catch((rollbackError: Error) => {
            release?.(rollbackError);
            release = undefined;
          });
          throw error;
        } finally {
          release?.();
        }
      }))),
    maintenance: (fn, txOptions) =>
      transaction("maintenance", async (tx, connection) => {
        await connection().query("SET LOCAL ROLE app_maintenance");
        return fn({ tx, sql: sqlSession(connection) });
      }, txOptions),
    async ping() {
      assertOutsideTenant("The readiness probe");
      const started = performance.now();
      const { rows } = await pool.query<{ version: string }>("SELECT current_setting('server_version') AS version");
      return { latencyMs: Math.round((performance.now() - started) * 10) / 10, serverVersion: rows[0]?.version ?? "unknown" };
    },
    // Read with the connecting role: _prisma_migrations belongs to whoever ran the migrations.
    async migrationStatus() {
      assertOutsideTenant("The readiness probe");
      return getMigrationStatus(pool);
    },
    async jobQueueSchemaVersion() {
      assertOutsideTenant("The readiness probe");
      return getJobQueueSchemaVersion(pool);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, transactions: inFlight.size }),
    disconnect: () =>
      (disconnecting ??= (async () => {
        // From here none is added; a settled one has committed or rolled back and released its client.
        await Promise.all(inFlight);
        await prisma.$disconnect();
        await pool.end();
      })()),
  };
}
