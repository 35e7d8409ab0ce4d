import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLargeSeedOptions } from "../scripts/large-seed/options";
import { hashSeedPassword } from "../scripts/large-seed/password";
import {
  LARGE_ORG,
  LARGE_ORG_EMAIL_DOMAIN,
  LARGE_ORG_OWNER_EMAIL,
  seedLargeOrganization,
  type LargeSeedResult,
} from "../scripts/large-seed/seed-large-org";
import { openTestDatabase, seedTwoTenants } from "./helpers";

const PASSWORD = "scale-test-password-1";
const OPTIONS = { tasks: 2000, projects: 12, members: 10, batchSize: 700, randomSeed: 0.42 };

let t: Awaited<ReturnType<typeof openTestDatabase>>;
let tenants: Awaited<ReturnType<typeof seedTwoTenants>>;
let passwordHash: string;
let first: LargeSeedResult;
let indexesBefore: string[];

const indexDefinitions = async () =>
  (
    await t.pool.query<{ def: string }>(
      "SELECT indexdef AS def FROM pg_indexes WHERE tablename IN ('tasks', 'task_comments') ORDER BY indexname",
    )
  ).rows.map((r) => r.def);

async function seed(overrides: Partial<typeof OPTIONS> = {}) {
  const client = await t.pool.connect();
  try {
    return await seedLargeOrganization(client, { ...OPTIONS, ...overrides, passwordHash });
  } finally {
    client.release();
  }
}

beforeAll(async () => {
  t = await openTestDatabase();
  tenants = await seedTwoTenants(t.pool);
  // A task in tenant A, which the large seed must leave alone.
  await t.pool.query(
    `WITH c AS (INSERT INTO clients (id, org_id, name, updated_at) VALUES (gen_random_uuid(), $1, 'Keep', now()) RETURNING id),
          p AS (INSERT INTO projects (id, org_id, client_id, name, updated_at) SELECT gen_random_uuid(), $1, id, 'Keep', now() FROM c RETURNING id)
     INSERT INTO tasks (id, org_id, project_id, title, position, updated_at) SELECT gen_random_uuid(), $1, id, 'Keep me', 1, now() FROM p`,
    [tenants.a.orgId],
  );
  indexesBefore = await indexDefinitions();
  passwordHash = await hashSeedPassword(PASSWORD);
  first = await seed();
}, 120_000);
afterAll(() => t?.close());

const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await t.pool.query<T>(sql, params)).rows[0]!;

describe("seed-large (--tasks 2000)", () => {
  it("creates the organization, its members, clients, projects and exactly the requested tasks", async () => {
    const counts = await one<{
      orgs: number;
      members: number;
      owners: number;
      projects: number;
      clients: number;
      tasks: number;
    }>(
      `SELECT (SELECT count(*)::int FROM organizations WHERE slug = $2) AS orgs,
              (SELECT count(*)::int FROM memberships WHERE org_id = $1) AS members,
              (SELECT count(*)::int FROM memberships WHERE org_id = $1 AND role = 'owner') AS owners,
              (SELECT count(*)::int FROM projects WHERE org_id = $1) AS projects,
              (SELECT count(*)::int FROM clients WHERE org_id = $1) AS clients,
              (SELECT count(*)::int FROM tasks WHERE org_id = $1) AS tasks`,
      [first.orgId, LARGE_ORG.slug],
    );
    expect(counts).toEqual({ orgs: 1, members: 10, owners: 1, projects: 12, clients: 3, tasks: 2000 });
    expect(first.counts).toMatchObject({ users: 10, clients: 3, projects: 12, tasks: 2000 });
    const comments = await one<{ n: number }>("SELECT count(*)::int AS n FROM task_comments WHERE org_id = $1", [
      first.orgId,
    ]);
    expect(comments.n).toBe(first.counts.comments);
    expect(comments.n).toBeGreaterThan(0);
  });

  it("keeps every reference inside the organization: assignees and authors are members, projects are its own", async () => {
    const broken = await one<{ assignees: number; creators: number; projects: number; authors: number }>(
      `SELECT (SELECT count(*)::int FROM tasks t WHERE t.org_id = $1 AND t.assignee_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = t.org_id AND m.user_id = t.assignee_id AND m.role <> 'viewer')) AS assignees,
              (SELECT count(*)::int FROM tasks t WHERE t.org_id = $1
                 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = t.org_id AND m.user_id = t.created_by_id)) AS creators,
              (SELECT count(*)::int FROM tasks t WHERE t.org_id = $1
                 AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.org_id = t.org_id AND p.id = t.project_id)) AS projects,
              (SELECT count(*)::int FROM task_comments c WHERE c.org_id = $1
                 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = c.org_id AND m.user_id = c.author_id)) AS authors`,
      [first.orgId],
    );
    expect(broken).toEqual({ assignees: 0, creators: 0, projects: 0, authors: 0 });
  });

  it("has realistic variety: every status and priority, ~70 % assigned, ~60 % due, 0–3 labels, two years of history", async () => {
    const mix = await one<{
      statuses: number;
      priorities: number;
      assigned: number;
      due: number;
      max_labels: number;
      min_labels: number;
      duplicate_labels: number;
      trashed: number;
      span_days: number;
      searchable: number;
    }>(
      `SELECT count(DISTINCT status)::int AS statuses, count(DISTINCT priority)::int AS priorities,
              avg((assignee_id IS NOT NULL)::int)::float AS assigned, avg((due_date IS NOT NULL)::int)::float AS due,
              max(cardinality(labels))::int AS max_labels, min(cardinality(labels))::int AS min_labels,
              count(*) FILTER (WHERE cardinality(labels) <> (SELECT count(DISTINCT l) FROM unnest(labels) l))::int AS duplicate_labels,
              count(*) FILTER (WHERE deleted_at IS NOT NULL)::int AS trashed,
              extract(day FROM max(created_at) - min(created_at))::int AS span_days,
              count(*) FILTER (WHERE title ILIKE '%landing page%' OR description ILIKE '%landing page%')::int AS searchable
         FROM tasks WHERE org_id = $1`,
      [first.orgId],
    );
    expect(mix).toMatchObject({ statuses: 4, priorities: 4, max_labels: 3, min_labels: 0, duplicate_labels: 0 });
    expect(mix.assigned).toBeGreaterThan(0.62);
    expect(mix.assigned).toBeLessThan(0.78);
    expect(mix.due).toBeGreaterThan(0.52);
    expect(mix.due).toBeLessThan(0.68);
    expect(mix.trashed).toBeGreaterThan(0);
    expect(mix.trashed).toBeLessThan(60);
    expect(mix.span_days).toBeGreaterThan(650);
    expect(mix.searchable).toBeGreaterThan(20);
  });

  it("skips the task triggers only for the load: no board events, and the triggers still guard later writes", async () => {
    const events = await one<{ n: number }>("SELECT count(*)::int AS n FROM board_events WHERE org_id = $1", [
      first.orgId,
    ]);
    expect(events.n).toBe(0);
    const { rows } = await t.pool.query<{ id: string }>("SELECT id FROM projects WHERE org_id = $1 LIMIT 1", [
      first.orgId,
    ]);
    // Tenant B's owner is not a member of the large organization: the assignee trigger refuses.
    await expect(
      t.pool.query(
        `INSERT INTO tasks (id, org_id, project_id, title, position, assignee_id, updated_at)
         VALUES (gen_random_uuid(), $1, $2, 'Not a member', 1, $3, now())`,
        [first.orgId, rows[0]!.id, tenants.b.userId],
      ),
    ).rejects.toMatchObject({ code: "23503" });
  });

  it("rebuilds the indexes it dropped for the load with their exact definitions", async () => {
    expect(await indexDefinitions()).toEqual(indexesBefore);
  });

  it("stores the API's argon2id hash for the owner", async () => {
    const owner = await one<{ password_hash: string; role: string }>(
      `SELECT u.password_hash, m.role FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = $2 WHERE u.email = $1`,
      [LARGE_ORG_OWNER_EMAIL, first.orgId],
    );
    expect(owner.role).toBe("owner");
    expect(owner.password_hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(await verify(owner.password_hash, PASSWORD)).toBe(true);
  });

  it("replaces the previous run: one organization, the same owner account, users a smaller run does not need removed, other tenants untouched", async () => {
    const second = await seed({ members: 8 });
    expect(second.orgId).not.toBe(first.orgId);
    expect(second.ownerId).toBe(first.ownerId);
    const after = await one<{
      orgs: number;
      old_tasks: number;
      tasks: number;
      users: number;
      other: number;
      events: number;
    }>(
      `SELECT (SELECT count(*)::int FROM organizations WHERE slug = $3) AS orgs,
              (SELECT count(*)::int FROM tasks WHERE org_id = $1) AS old_tasks,
              (SELECT count(*)::int FROM tasks WHERE org_id = $2) AS tasks,
              (SELECT count(*)::int FROM users WHERE email LIKE $4) AS users,
              (SELECT count(*)::int FROM tasks WHERE org_id = $5 AND title = 'Keep me') AS other,
              (SELECT count(*)::int FROM board_events WHERE org_id = $5) AS events`,
      [first.orgId, second.orgId, LARGE_ORG.slug, `%@${LARGE_ORG_EMAIL_DOMAIN}`, tenants.a.orgId],
    );
    expect(after).toEqual({ orgs: 1, old_tasks: 0, tasks: 2000, users: 8, other: 1, events: 1 });
  });
});

describe("seed-large options", () => {
  it("defaults to 1,000,000 tasks, 200 projects, 25 members and a generated password", () => {
    const options = parseLargeSeedOptions([], {});
    expect(options).toMatchObject({
      tasks: 1_000_000,
      projects: 200,
      members: 25,
      batchSize: 100_000,
      passwordGenerated: true,
    });
    expect(options.password.length).toBeGreaterThanOrEqual(10);
  });

  it("reads flags before SEED_* variables and refuses bad values with the option's name", () => {
    expect(parseLargeSeedOptions(["--", "--tasks", "2000"], { SEED_TASKS: "5", SEED_MEMBERS: "3" })).toMatchObject({
      tasks: 2000,
      members: 3,
    });
    expect(() => parseLargeSeedOptions(["--tasks", "0"], {})).toThrow(/tasks/);
    expect(() => parseLargeSeedOptions(["--password", "short"], {})).toThrow(/password/);
  });
});
