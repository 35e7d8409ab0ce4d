import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../src/database";
import { createIsolatedDatabase, type IsolatedDatabase } from "../src/testing";

let db: IsolatedDatabase;
let database: Database;
const lost: Error[] = [];

beforeAll(async () => {
  db = await createIsolatedDatabase();
  database = createDatabase({
    connectionString: db.url,
    max: 2,
    applicationName: "idle-error-test",
    onIdleConnectionError: (error) => lost.push(error),
  });
});
afterAll(async () => {
  await database.disconnect();
  await db.drop();
});

describe("an idle pooled connection that the server ends", () => {
  it("is reported to onIdleConnectionError, not thrown as an uncaught exception, and the next call reconnects", async () => {
    await database.ping();
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'idle-error-test'",
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await expect.poll(() => lost.length).toBeGreaterThan(0);
    expect((lost[0] as Error & { code?: string }).code).toBe("57P01");
    await expect(database.ping()).resolves.toMatchObject({ serverVersion: expect.any(String) });
  });
});
