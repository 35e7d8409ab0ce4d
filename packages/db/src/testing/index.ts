/**
 * Test databases: one migrated template per test run, one clone per test file.
 *
 * Wiring (db and api): `globalSetup: ["@agency/db/testing/global-setup"]` in
 * vitest.config.ts. That runs `setupTestPostgres()` once per run, which hands
 * the server's admin URL and the template's name to the test files twice:
 * through vitest's `provide` (key `agencyTestDatabase`, read with `inject`;
 * correct per project even when several vitest projects share one process)
 * and through env vars (TEST_PG_ADMIN_URL, TEST_PG_TEMPLATE), which workers
 * and any child process a test spawns inherit. Each test file then calls
 * `createIsolatedDatabase()` in `beforeAll` and its `drop()` in `afterAll`.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { publishTestDatabase, readDbEnv } from "../env";
import { startLocalPostgres } from "../local-postgres";
import { migrateDeploy } from "../migrations";

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Identifiers cannot be bound as parameters; names are generated here and still escaped.
const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;

/**
 * vitest globalSetup: a server (TEST_DATABASE_URL, or an embedded PostgreSQL
 * in a temp folder) and a uniquely named template database migrated once with
 * the real `prisma migrate deploy`. Publishes both to the test files through
 * `project.provide("agencyTestDatabase", …)` when given vitest's project, and
 * through env vars (TEST_PG_ADMIN_URL, TEST_PG_TEMPLATE). Returns the
 * teardown, which drops the template and stops the embedded server.
 */
export async function setupTestPostgres(project?: {
  provide(key: "agencyTestDatabase", value: TestDatabaseServer): void;
}): Promise<() => Promise<void>> {
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    let adminUrl = readDbEnv().TEST_DATABASE_URL;
    if (!adminUrl) {
      const parent = mkdtempSync(path.join(tmpdir(), "agency-test-pg-"));
      cleanups.push(async () => rmSync(parent, { recursive: true, force: true }));
      // As root the server runs as the postgres user, which must reach the data folder.
      chmodSync(parent, 0o755);
      const server = await startLocalPostgres({ dataDir: path.join(parent, "data"), ephemeral: true });
      cleanups.push(() => server.stop());
      adminUrl = server.url;
    }
    const admin = adminUrl;
    const template = uniqueName("agency_tpl");
    await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(template)}`));
    cleanups.push(() =>
      withAdmin(admin, async (c) => {
        await c.query(`ALTER DATABASE ${c.escapeIdentifier(template)} WITH IS_TEMPLATE false`);
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(template)} WITH (FORCE)`);
      }),
    );
    await migrateDeploy(databaseUrl(admin, template));
    // Nobody may connect to the template (a connection would make every clone fail).
    await withAdmin(admin, (c) =>
      c.query(`ALTER DATABASE ${c.escapeIdentifier(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`),
    );
    publishTestDatabase(admin, template);
    project?.provide("agencyTestDatabase", { adminUrl: admin, template });
    return teardown;
  } catch (error) {
    await teardown().catch(() => {});
    throw error;
  }
}

export interface TestDatabaseServer {
  /** A superuser URL of the test server. */
  adminUrl: string;
  /** The migrated template database to clone. */
  template: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    agencyTestDatabase: TestDatabaseServer;
  }
}

/** What the globalSetup provided: vitest's inject() inside a test worker, else the env vars. */
function testDatabaseServer(): TestDatabaseServer {
  let injected: TestDatabaseServer | undefined;
  try {
    injected = inject("agencyTestDatabase");
  } catch {
    // Not inside a vitest worker.
  }
  if (injected) return injected;
  const { TEST_PG_ADMIN_URL: adminUrl, TEST_PG_TEMPLATE: template } = readDbEnv();
  if (adminUrl && template) return { adminUrl, template };
  throw new Error('No test database server: add "@agency/db/testing/global-setup" to globalSetup in vitest.config.ts');
}

export interface IsolatedDatabase {
  url: string;
  /** Admin URL of the same server (to create more databases, or connect as another role). */
  adminUrl: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: each test file gets its own. */
export async function createIsolatedDatabase(): Promise<IsolatedDatabase> {
  const { adminUrl, template } = testDatabaseServer();
  const name = uniqueName("agency_test");
  await withAdmin(adminUrl, (c) =>
    c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} TEMPLATE ${c.escapeIdentifier(template)}`),
  );
  return {
    url: databaseUrl(adminUrl, name),
    adminUrl,
    name,
    drop: () =>
      withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(
        () => {},
      ),
  };
}

/** An empty database (no migrations) on the test server, for migration tests. */
export async function createEmptyDatabase(): Promise<IsolatedDatabase> {
  const { adminUrl } = testDatabaseServer();
  const name = uniqueName("agency_scratch");
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  return {
    url: databaseUrl(adminUrl, name),
    adminUrl,
    name,
    drop: () =>
      withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(
        () => {},
      ),
  };
}
