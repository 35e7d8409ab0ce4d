// `pnpm bench:rls [--tasks 200000 --transactions 1500 --rounds 3]`: what row-level security's org
// check costs PostgreSQL, per alternative for app_current_org_id(), measured side by side on a
// scratch database (created on DATABASE_URL's server or the embedded one, migrated, dropped):
// - sql-definer:     the first version (SQL, SECURITY DEFINER: never inlined, its body planned again per call);
// - plpgsql-definer: the current one (PL/pgSQL keeps the membership lookup's plan per session);
// - setting-only:    the bare setting, no membership check — cheaper, but a forged app.org_id
//                    would then see that organization: shown as the floor, not an option;
// - no RLS:          the same statements as the table owner, for reference.
// Each transaction is what a tasks.list request sends: BEGIN, the boundary's entry statement,
// the first page of the default list (50 rows, people and comment counts), COMMIT — one client,
// one at a time, so the time is PostgreSQL's own work plus a loopback round trip per statement.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { resolveDatabaseUrl } from "../src/local-postgres";
import { migrateDeploy } from "../src/migrations";
import { ENTER_TENANT_SQL } from "../src/sql/wire";

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    tasks: { type: "string", default: "200000" },
    transactions: { type: "string", default: "1500" },
    rounds: { type: "string", default: "3" },
  },
});

/** The migrated definition, restored between variants. */
const PLPGSQL_DEFINER = `CREATE OR REPLACE FUNCTION app_current_org_id() RETURNS uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
BEGIN
  IF v_org IS NULL THEN RETURN NULL; END IF;
  RETURN (SELECT m."org_id" FROM "memberships" m WHERE m."org_id" = v_org
             AND m."user_id" = nullif(current_setting('app.user_id', true), '')::uuid);
END $$`;

const VARIANTS: Record<string, string | null> = {
  "sql-definer": `CREATE OR REPLACE FUNCTION app_current_org_id() RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
      SELECT m."org_id" FROM "memberships" m
       WHERE m."org_id" = nullif(current_setting('app.org_id', true), '')::uuid
         AND m."user_id" = nullif(current_setting('app.user_id', true), '')::uuid $$`,
  "plpgsql-definer": null, // as migrated
  "setting-only": `CREATE OR REPLACE FUNCTION app_current_org_id() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$`,
};

// The first page of tasks.list (newest): the statement the API's typed SQL sends (task-query.ts).
const LIST = `
  SELECT t.id, t.project_id, t.title, t.description, t.status, t.priority, t.due_date, t.labels, t.position,
         t.version, t.created_at, t.updated_at, t.deleted_at, a.id AS a_id, a.name AS a_name, c.id AS c_id, c.name AS c_name,
         (SELECT count(*)::int FROM task_comments tc WHERE tc.task_id = t.id AND tc.org_id = $1 AND tc.deleted_at IS NULL) AS comments
    FROM tasks t
    JOIN projects p ON p.id = t.project_id AND p.org_id = t.org_id
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN users c ON c.id = t.created_by_id
   WHERE t.org_id = $1 AND p.deleted_at IS NULL AND t.deleted_at IS NULL
   ORDER BY t.deleted_at, t.created_at DESC, t.id DESC LIMIT 51`;

const db = await resolveDatabaseUrl();
const name = `agency_bench_rls_${randomUUID().slice(0, 8)}`;
const admin = new pg.Client({ connectionString: db.url });
await admin.connect();
await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
const url = new URL(db.url);
url.pathname = `/${name}`;
const client = new pg.Client({ connectionString: url.toString() });
try {
  await migrateDeploy(url.toString());
  await client.connect();
  const { user, org, session } = await seed(client, Number(args.tasks));
  const version = (await client.query("SHOW server_version")).rows[0].server_version as string;
  const results = new Map<string, number[]>();
  const measure = async (variant: string, withRls: boolean) => {
    const n = Number(args.transactions);
    const once = async () => {
      await client.query("BEGIN");
      // The owner's reference sends a statement in the entry's place: the same round trips.
      if (withRls) await client.query(ENTER_TENANT_SQL, [session, null, org, 3600]);
      else await client.query("SELECT set_config('app.org_id', $1, true)", [org]);
      await client.query(LIST, [org]);
      await client.query("COMMIT");
    };
    for (let i = 0; i < 100; i++) await once();
    const started = performance.now();
    for (let i = 0; i < n; i++) await once();
    results.set(variant, [...(results.get(variant) ?? []), (performance.now() - started) / n]);
  };
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [variant, ddl] of Object.entries(VARIANTS)) {
      await client.query(ddl ?? PLPGSQL_DEFINER);
      await measure(variant, true);
    }
    await client.query(PLPGSQL_DEFINER);
    await measure("no RLS (owner)", false);
  }
  console.log(
    `PostgreSQL ${version}; ${Number(args.tasks).toLocaleString("en-US")} tasks in the organization; ${args.transactions} transactions × ${args.rounds} rounds per variant; user ${user.slice(0, 8)}…\n`,
  );
  const floor = Math.min(...results.get("no RLS (owner)")!);
  console.log("| app_current_org_id() | ms per list transaction (best of rounds) | vs no RLS |");
  console.log("|---|---:|---:|");
  for (const [variant, times] of results) {
    const best = Math.min(...times);
    console.log(`| ${variant} | ${best.toFixed(3)} | ${(best / floor).toFixed(2)}× |`);
  }
} finally {
  await client.end().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  await admin.end();
  await db.stop();
}

/** One organization with a member, a session, 40 projects and `tasks` tasks; another organization beside it. */
async function seed(c: pg.Client, tasks: number) {
  const { rows } = await c.query<{ user_id: string; org_id: string; session_id: string }>(`
    WITH u AS (INSERT INTO users (id, email, name, email_verified_at, updated_at) VALUES (gen_random_uuid(), 'rls@bench.test', 'RLS', now(), now()) RETURNING id),
         o AS (INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'RLS bench', 'rls-bench', now()) RETURNING id),
         other AS (INSERT INTO organizations (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'Other', 'other', now()) RETURNING id),
         m AS (INSERT INTO memberships (id, org_id, user_id, role, updated_at) SELECT gen_random_uuid(), o.id, u.id, 'owner', now() FROM o, u),
         s AS (INSERT INTO sessions (id, user_id, expires_at) SELECT gen_random_uuid(), u.id, now() + interval '1 day' FROM u RETURNING id)
    SELECT u.id AS user_id, o.id AS org_id, s.id AS session_id FROM u, o, s`);
  const { user_id: user, org_id: org, session_id: session } = rows[0]!;
  await c.query(`INSERT INTO clients (id, org_id, name, updated_at) VALUES (gen_random_uuid(), $1, 'Client', now())`, [
    org,
  ]);
  await c.query(
    `INSERT INTO projects (id, org_id, client_id, name, updated_at)
     SELECT gen_random_uuid(), $1, (SELECT id FROM clients WHERE org_id = $1), 'Project ' || g, now() FROM generate_series(1, 40) g`,
    [org],
  );
  await c.query("SET session_replication_role = replica");
  await c.query(
    `WITH ps AS (SELECT array_agg(id ORDER BY name) AS ids FROM projects WHERE org_id = $1)
     INSERT INTO tasks (id, org_id, project_id, title, position, assignee_id, created_by_id, created_at, updated_at)
     SELECT gen_random_uuid(), $1, ps.ids[1 + g % 40], 'Task ' || g, g, $2, $2, now() - g * interval '1 minute', now()
       FROM generate_series(1, $3::int) g, ps`,
    [org, user, tasks],
  );
  await c.query("SET session_replication_role = origin");
  await c.query("VACUUM ANALYZE tasks, projects, memberships, users, task_comments");
  return { user, org, session };
}
