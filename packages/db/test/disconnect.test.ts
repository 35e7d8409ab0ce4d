import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase, DatabaseClosedError } from "../src/database";
import { sql } from "../src/sql/builder";
import { createIsolatedDatabase, type IsolatedDatabase } from "../src/testing";

/**
 * Shutting down while work is in flight (a live stream's transaction when the API closes). Prisma's
 * $disconnect cancels a transaction that is still waiting for its connection; the start then
 * completed on a client no one released, and pool.end() waited for it forever.
 */
let db: IsolatedDatabase;
beforeAll(async () => {
  db = await createIsolatedDatabase();
});
afterAll(() => db.drop());

/** A failure bound, not synchronization: a disconnect that never resolves is the defect. */
const HANG_MS = 10_000;
const settles = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(() => "settled"),
    new Promise<string>((resolve) => setTimeout(() => resolve("still pending"), HANG_MS).unref()),
  ]);

/** A transaction that holds one connection until `release()`; `started` resolves once it has it. */
function holdConnection(database: ReturnType<typeof createDatabase>) {
  let release!: () => void;
  let started!: () => void;
  const hasConnection = new Promise<void>((resolve) => (started = resolve));
  const holding = database.maintenance(async ({ sql: session }) => {
    await session.run(sql`SELECT 1`);
    started();
    await new Promise<void>((resolve) => (release = resolve));
    return "held";
  });
  return { holding, hasConnection, release: () => release() };
}

describe("disconnect()", () => {
  it("waits for a transaction still waiting for a connection, and releases every connection", async () => {
    const database = createDatabase({ connectionString: db.url, max: 1, applicationName: "disconnect-test" });
    const held = holdConnection(database);
    await held.hasConnection;
    // The pool's only connection is taken: this one waits in the pool's queue.
    const waiting = database.maintenance(
      async ({ sql: session }) => (await session.first(sql<{ n: number }>`SELECT 2 AS n`))?.n,
    );
    await vi.waitFor(() => expect(database.poolStats()).toMatchObject({ waiting: 1, transactions: 2 }));

    const disconnected = database.disconnect();
    held.release();

    expect(await settles(disconnected)).toBe("settled");
    // Both transactions ran to completion, and the pool closed every connection.
    expect(await held.holding).toBe("held");
    expect(await waiting).toBe(2);
    expect(database.poolStats()).toEqual({ total: 0, idle: 0, waiting: 0, transactions: 0 });
  });

  it("refuses transactions asked for once it began, and is idempotent", async () => {
    const database = createDatabase({ connectionString: db.url, max: 1, applicationName: "disconnect-test" });
    const held = holdConnection(database);
    await held.hasConnection;
    const disconnected = database.disconnect();

    const who = { userId: "00000000-0000-0000-0000-000000000000", orgId: "00000000-0000-0000-0000-000000000000" };
    await expect(database.maintenance(async () => 1)).rejects.toBeInstanceOf(DatabaseClosedError);
    await expect(database.tenant(who, async () => 1)).rejects.toBeInstanceOf(DatabaseClosedError);
    await expect(database.tenantSql(who, async () => 1)).rejects.toBeInstanceOf(DatabaseClosedError);
    expect(database.disconnect()).toBe(disconnected);

    held.release();
    expect(await settles(disconnected)).toBe("settled");
    expect(await held.holding).toBe("held");
  });
});
