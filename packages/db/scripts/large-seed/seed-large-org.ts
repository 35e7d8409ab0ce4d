import type pg from "pg";
import { VOCABULARY as V } from "./vocabulary";

export const LARGE_ORG = { name: "Scale Test Agency", slug: "scale-test" } as const;
/** Every seeded user's email ends with this; a re-run removes them with the organization. */
export const LARGE_ORG_EMAIL_DOMAIN = "scale-test.agency-os.test";
export const LARGE_ORG_OWNER_EMAIL = `owner@${LARGE_ORG_EMAIL_DOMAIN}`;

export interface LargeSeedOptions {
  tasks: number;
  projects: number;
  /** Members including the owner. */
  members: number;
  /** Tasks per INSERT … SELECT statement. */
  batchSize: number;
  /** argon2id hash every seeded user signs in with. */
  passwordHash: string;
  /** setseed() value in [-1, 1]: the same options give the same data (ids and timestamps aside). */
  randomSeed: number;
}

export interface LargeSeedResult {
  orgId: string;
  ownerId: string;
  counts: { users: number; clients: number; projects: number; tasks: number; comments: number };
  /** Milliseconds per step, in order. */
  timings: [step: string, ms: number][];
}

/**
 * Creates (or replaces) one big organization in a single transaction, generating
 * every row server-side with INSERT … SELECT over generate_series.
 *
 * The task triggers are skipped with `session_replication_role = replica` (superuser):
 * `board_events_record` would append a board_events row and a NOTIFY per task, and
 * `tasks_assignee_is_member` would look up the assignee per row. Replica mode also skips
 * foreign-key checks, so the statements below only ever reference rows they created:
 * assignees and authors are this organization's members, projects its projects.
 * CHECK constraints still apply. The secondary indexes of tasks and task_comments are
 * dropped for the load and rebuilt from their own definitions before COMMIT.
 */
export async function seedLargeOrganization(
  client: pg.ClientBase,
  options: LargeSeedOptions,
  onProgress: (message: string) => void = () => {},
): Promise<LargeSeedResult> {
  const timings: [string, number][] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await fn();
    timings.push([name, Math.round(performance.now() - started)]);
    return result;
  };

  const { rows: [role] = [] } = await client.query<{ superuser: boolean }>(
    "SELECT current_setting('is_superuser') = 'on' AS superuser",
  );
  if (!role?.superuser) {
    throw new Error(
      "The large seed needs a superuser connection (it skips the task triggers with session_replication_role = replica). " +
        "The embedded server's `postgres` role is one; with DATABASE_URL, connect as the database's superuser.",
    );
  }

  await client.query("BEGIN");
  try {
    await client.query("SELECT setseed($1)", [options.randomSeed]);
    const emails = largeOrgEmails(options.members);
    await step("remove previous", () => removePrevious(client, emails));
    await client.query("SET LOCAL session_replication_role = replica");
    // Index rebuilds sort in memory instead of spilling to disk.
    await client.query("SET LOCAL maintenance_work_mem = '512MB'");

    const people = await step("users + memberships", () => insertPeople(client, options, emails));
    const projectIds = await step("clients + projects", () => insertClientsAndProjects(client, people.orgId, options));
    const droppedIndexes = await step("drop secondary indexes", async () => [
      ...(await dropSecondaryIndexes(client, "tasks")),
      ...(await dropSecondaryIndexes(client, "task_comments")),
    ]);
    await step(`tasks (${options.tasks.toLocaleString("en-US")})`, async () => {
      for (let first = 1; first <= options.tasks; first += options.batchSize) {
        const last = Math.min(options.tasks, first + options.batchSize - 1);
        const started = performance.now();
        await insertTaskBatch(client, { ...people, projectIds, first, last });
        onProgress(
          `  tasks ${last.toLocaleString("en-US")} / ${options.tasks.toLocaleString("en-US")} (${Math.round(performance.now() - started)} ms)`,
        );
      }
    });
    const comments = await step("comments", () => insertComments(client, people.orgId, people.memberIds));
    await step(`rebuild ${droppedIndexes.length} indexes`, async () => {
      for (const index of droppedIndexes) {
        const started = performance.now();
        await client.query(index.definition);
        onProgress(`  index ${index.name} (${Math.round(performance.now() - started)} ms)`);
      }
    });
    await client.query("COMMIT");

    const counts = {
      users: people.memberIds.length,
      clients: Math.max(1, Math.ceil(options.projects / 5)),
      projects: projectIds.length,
      tasks: options.tasks,
      comments,
    };
    return { orgId: people.orgId, ownerId: people.ownerId, counts, timings };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Fresh planner statistics and visibility map after the bulk load (VACUUM cannot run in a transaction). */
export async function vacuumAnalyzeSeededTables(client: pg.ClientBase): Promise<void> {
  await client.query("VACUUM (ANALYZE) users, memberships, clients, projects, tasks, task_comments");
}

/**
 * Drops `table`'s secondary indexes (not unique, not backing any constraint or foreign
 * key) and returns their exact definitions. Building them once after the load is
 * several times faster than updating them row by row; inside the transaction the
 * DROP holds an exclusive lock on the table until COMMIT, and a failure restores them.
 */
async function dropSecondaryIndexes(
  client: pg.ClientBase,
  table: string,
): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::regclass AND NOT i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [table],
  );
  for (const index of rows) await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  return rows;
}

/** owner@…, member-002@…, member-003@…: the same addresses on every run, so users are upserted, not re-created. */
export const largeOrgEmails = (members: number): string[] =>
  Array.from({ length: members }, (_, i) =>
    i === 0 ? LARGE_ORG_OWNER_EMAIL : `member-${String(i + 1).padStart(3, "0")}@${LARGE_ORG_EMAIL_DOMAIN}`,
  );

/**
 * Drops the previous run's organization. The big tables go first in replica mode
 * (set-based deletes instead of one cascade per task), then the organization with its
 * normal cascades for everything else. Users are kept and upserted by email: deleting
 * them would SET NULL tasks.assignee_id/created_by_id through a sequential scan of the
 * whole tasks table per user (no index leads with those columns). Only users a smaller
 * run no longer needs are deleted.
 */
async function removePrevious(client: pg.ClientBase, emails: string[]) {
  const { rows } = await client.query<{ id: string }>("SELECT id FROM organizations WHERE slug = $1", [LARGE_ORG.slug]);
  const orgId = rows[0]?.id;
  if (orgId) {
    await client.query("SET LOCAL session_replication_role = replica");
    // Comments and events of this organization's tasks carry its org_id (composite keys).
    await client.query("DELETE FROM task_comments WHERE org_id = $1", [orgId]);
    await client.query("DELETE FROM board_events WHERE org_id = $1", [orgId]);
    await client.query("DELETE FROM tasks WHERE org_id = $1", [orgId]);
    await client.query("SET LOCAL session_replication_role = origin");
    await client.query("DELETE FROM organizations WHERE id = $1", [orgId]);
  }
  await client.query("DELETE FROM users WHERE email LIKE $1 AND email <> ALL($2::text[])", [
    `%@${LARGE_ORG_EMAIL_DOMAIN}`,
    emails,
  ]);
}

async function insertPeople(client: pg.ClientBase, options: LargeSeedOptions, emails: string[]) {
  const { rows: orgRows } = await client.query<{ id: string }>(
    `INSERT INTO organizations (id, name, slug, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, now() - interval '730 days', now()) RETURNING id`,
    [LARGE_ORG.name, LARGE_ORG.slug],
  );
  const orgId = orgRows[0]!.id;
  // User 1 is the owner; then 2 admins, ~15 % viewers at the end, members in between.
  const { rows } = await client.query<{ id: string; role: string }>(
    `WITH people AS (
       SELECT e.email, e.i,
              f[1 + (e.i - 1) % cardinality(f)] || ' ' || l[1 + ((e.i - 1) / cardinality(f) + e.i - 1) % cardinality(l)] AS name,
              CASE WHEN e.i = 1 THEN 'owner' WHEN e.i <= 3 THEN 'admin'
                   WHEN e.i > n - floor(n * 0.15) THEN 'viewer' ELSE 'member' END::membership_role AS role
         FROM unnest($2::text[]) WITH ORDINALITY AS e(email, i),
              (SELECT $3::text[] AS f, $4::text[] AS l, cardinality($2::text[]) AS n) AS words
     ), upserted AS (
       INSERT INTO users (id, email, name, password_hash, created_at, updated_at)
       SELECT gen_random_uuid(), email, name, $5, now() - interval '730 days', now() FROM people
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, password_hash = EXCLUDED.password_hash, updated_at = now()
       RETURNING id, email
     )
     INSERT INTO memberships (id, org_id, user_id, role, created_at, updated_at)
     SELECT gen_random_uuid(), $1::uuid, u.id, p.role, now() - interval '730 days', now()
       FROM upserted u JOIN people p USING (email)
      ORDER BY p.i
     RETURNING user_id AS id, role::text AS role`,
    [orgId, emails, V.firstNames, V.lastNames, options.passwordHash],
  );
  const ownerId = rows.find((r) => r.role === "owner")!.id;
  return {
    orgId,
    ownerId,
    memberIds: rows.map((r) => r.id),
    // Viewers cannot write tasks, so nobody assigns them any.
    assigneeIds: rows.filter((r) => r.role !== "viewer").map((r) => r.id),
  };
}

async function insertClientsAndProjects(
  client: pg.ClientBase,
  orgId: string,
  options: LargeSeedOptions,
): Promise<string[]> {
  const clientCount = Math.max(1, Math.ceil(options.projects / 5));
  const { rows: clients } = await client.query<{ id: string }>(
    `INSERT INTO clients (id, org_id, name, contact_name, contact_email, status, created_at, updated_at)
     SELECT gen_random_uuid(), $1::uuid,
            n[1 + (i - 1) % cardinality(n)] || ' ' || s[1 + ((i - 1) / cardinality(n)) % cardinality(s)]
              || CASE WHEN i > cardinality(n) * cardinality(s) THEN ' ' || i ELSE '' END,
            NULL, 'contact-' || i || '@client.example', CASE WHEN i % 9 = 0 THEN 'archived' WHEN i % 7 = 0 THEN 'paused' ELSE 'active' END::client_status,
            now() - (730 - i % 700) * interval '1 day', now()
       FROM generate_series(1, $2::int) AS i, (SELECT $3::text[] AS n, $4::text[] AS s) AS words
     RETURNING id`,
    [orgId, clientCount, V.clientNames, V.clientSuffixes],
  );
  const { rows: projects } = await client.query<{ id: string }>(
    `INSERT INTO projects (id, org_id, client_id, name, description, status, budget_minor, currency,
                           start_date, due_date, created_at, updated_at)
     SELECT gen_random_uuid(), $1::uuid, ($2::uuid[])[1 + (i - 1) % cardinality($2::uuid[])],
            k[1 + (i - 1) % cardinality(k)] || ' ' || (2025 + i % 2) || ' #' || i,
            'Generated by pnpm db:seed:large.',
            CASE WHEN i % 10 = 0 THEN 'completed' WHEN i % 17 = 0 THEN 'on_hold' WHEN i % 23 = 0 THEN 'planned'
                 ELSE 'active' END::project_status,
            CASE WHEN i % 3 = 0 THEN NULL ELSE (5000 + i * 250) * 100 END,
            CASE WHEN i % 4 = 0 THEN 'EUR' ELSE 'USD' END,
            (now() - (730 - i % 700) * interval '1 day')::date,
            (now() + (i % 120) * interval '1 day')::date,
            now() - (730 - i % 700) * interval '1 day', now()
       FROM generate_series(1, $3::int) AS i, (SELECT $4::text[] AS k) AS words
     RETURNING id`,
    [orgId, clients.map((c) => c.id), options.projects, V.projectKinds],
  );
  return projects.map((p) => p.id);
}

/**
 * Tasks number `first`..`last`. Each row draws its own random() values in the inner
 * subquery (volatile, so evaluated per row); the outer SELECT turns them into a skewed
 * project choice (a few big boards, many small), statuses that age towards done,
 * ~70 % assigned, ~60 % with a due date, 0–3 distinct labels, ~1 % in the trash and a
 * creation time spread over two years.
 */
async function insertTaskBatch(
  client: pg.ClientBase,
  b: { orgId: string; projectIds: string[]; memberIds: string[]; assigneeIds: string[]; first: number; last: number },
) {
  await client.query(
    `INSERT INTO tasks (id, org_id, project_id, title, description, status, priority, assignee_id, created_by_id,
                        due_date, labels, position, version, created_at, updated_at, deleted_at)
     SELECT gen_random_uuid(), $1::uuid,
            w.projects[1 + floor(cardinality(w.projects) * power(r.p, 1.3))::int],
            w.verbs[1 + floor(r.t1 * cardinality(w.verbs))::int] || ' ' || w.objects[1 + floor(r.t2 * cardinality(w.objects))::int]
              || CASE WHEN r.t3 < 0.3 THEN ' for ' || w.codes[1 + floor(r.t3 / 0.3 * cardinality(w.codes))::int] ELSE '' END,
            w.openers[1 + floor(r.d1 * cardinality(w.openers))::int] || ' ' || w.details[1 + floor(r.d2 * cardinality(w.details))::int]
              || CASE WHEN r.d3 < 0.2 THEN ' Related: ' || w.objects[1 + floor(r.d3 / 0.2 * cardinality(w.objects))::int] || '.' ELSE '' END,
            CASE WHEN r.st < 0.15 + 0.7 * r.age THEN 'done' WHEN r.st < 0.27 + 0.7 * r.age THEN 'review'
                 WHEN r.st < 0.47 + 0.7 * r.age THEN 'in_progress' ELSE 'todo' END::task_status,
            CASE WHEN r.pr < 0.25 THEN 'low' WHEN r.pr < 0.70 THEN 'medium' WHEN r.pr < 0.92 THEN 'high'
                 ELSE 'urgent' END::task_priority,
            CASE WHEN r.asg < 0.7 THEN w.assignees[1 + floor(r.asg / 0.7 * cardinality(w.assignees))::int] END,
            w.members[1 + floor(r.author * cardinality(w.members))::int],
            CASE WHEN r.due < 0.6 THEN (r.created_at)::date + 1 + floor(r.due / 0.6 * 60)::int END,
            (ARRAY[w.labels[1 + r.la], w.labels[1 + (r.la + r.ls) % cardinality(w.labels)],
                   w.labels[1 + (r.la + 2 * r.ls) % cardinality(w.labels)]])[1:r.label_count],
            r.g * 1024.0,
            1 + floor(r.v * 3)::int,
            r.created_at,
            r.updated_at,
            CASE WHEN r.del < 0.01 THEN r.updated_at + (now() - r.updated_at) * (r.del / 0.01) END
       FROM (
         SELECT s.*, s.created_at + (now() - s.created_at) * power(s.upd, 3) AS updated_at
           FROM (
             SELECT g, random() AS p, random() AS age, random() AS st, random() AS pr, random() AS asg,
                    random() AS author, random() AS due, random() AS t1, random() AS t2, random() AS t3,
                    random() AS d1, random() AS d2, random() AS d3, random() AS v, random() AS upd, random() AS del,
                    floor(random() * $12::int)::int AS la, 1 + floor(random() * 3)::int AS ls,
                    CASE WHEN random() < 0.35 THEN 0 ELSE 1 + floor(random() * 2.6)::int END AS label_count,
                    now() - random() * interval '730 days' AS created_at
               FROM generate_series($2::int, $3::int) AS g
           ) s
       ) r,
       (SELECT $4::uuid[] AS projects, $5::uuid[] AS members, $6::uuid[] AS assignees, $7::text[] AS verbs,
               $8::text[] AS objects, $9::text[] AS codes, $10::text[] AS openers, $11::text[] AS details,
               $13::text[] AS labels) AS w`,
    [
      b.orgId,
      b.first,
      b.last,
      b.projectIds,
      b.memberIds,
      b.assigneeIds,
      V.taskVerbs,
      V.taskObjects,
      V.codeNames,
      V.descriptionOpeners,
      V.descriptionDetails,
      V.labels.length,
      V.labels,
    ],
  );
}

/** ~5 % of the live tasks get 1–3 comments, written after the task by a member. */
async function insertComments(client: pg.ClientBase, orgId: string, memberIds: string[]): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO task_comments (id, org_id, task_id, author_id, body, created_at, updated_at)
     SELECT gen_random_uuid(), t.org_id, t.id, ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int],
            ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int],
            t.created_at + (now() - t.created_at) * random(), now()
       FROM tasks t
       CROSS JOIN LATERAL generate_series(1, 1 + get_byte(uuid_send(t.id), 0) % 3) AS n
      WHERE t.org_id = $1::uuid AND t.deleted_at IS NULL AND get_byte(uuid_send(t.id), 1) < 13`,
    [orgId, memberIds, V.descriptionDetails],
  );
  return rowCount ?? 0;
}
