import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { readDbEnv } from "../src/env";
import { createIsolatedDatabase } from "../src/testing";

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("test-database isolation (@agency/db/testing)", () => {
  it("the globalSetup provides the server and template through inject() and the env alike", () => {
    const provided = inject("agencyTestDatabase");
    expect(provided.template).toMatch(/^agency_tpl_\d+_[0-9a-f]{8}$/);
    const env = readDbEnv();
    expect({ adminUrl: env.TEST_PG_ADMIN_URL, template: env.TEST_PG_TEMPLATE }).toEqual(provided);
  });

  it("each call clones its own migrated database, and drop() removes it", async () => {
    const [a, b] = await Promise.all([createIsolatedDatabase(), createIsolatedDatabase()]);
    try {
      expect(a.name).not.toBe(b.name);
      await query(
        a.url,
        "INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'Only in A', 'only-a', now())",
      );
      expect(await query(b.url, "SELECT slug FROM organizations")).toEqual([]);
      const migrations = await query<{ n: number }>(
        b.url,
        "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL",
      );
      expect(migrations[0]?.n).toBeGreaterThan(0);
    } finally {
      await a.drop();
      await b.drop();
    }
    const left = await query<{ datname: string }>(
      a.adminUrl,
      "SELECT datname FROM pg_database WHERE datname = ANY($1)",
      [[a.name, b.name]],
    );
    expect(left).toEqual([]);
  });
});
