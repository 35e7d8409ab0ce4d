import { kysely, sql, type DB, type RowOf } from "@agency/db";

/**
 * The tasks a search may scan: a view over `tasks` owned by app_maintenance that keeps only
 * the verified organization's rows (migration …_task_search). Row-level security on `tasks`
 * would stop PostgreSQL from using the trigram indexes for ILIKE (not leakproof); through
 * the view the organization filter is an ordinary condition and the indexes apply.
 */
type TaskSource = "tasks" | "tasks_search";
/** projects_search / clients_search: the same kind of views for the project and client names a search also matches. */
const db = kysely.withTables<{ tasks_search: DB["tasks"]; projects_search: DB["projects"]; clients_search: DB["clients"] }>();

/**
 * Every column a TaskDto needs in ONE statement: the task, its assignee and creator (left
 * joins: a person this organization can no longer see reads as null, as RLS on users decides),
 * and its live comment count. Only tasks of live projects (a trashed project hides its tasks).
 */
export function selectTasks(orgId: string, source: TaskSource = "tasks") {
  return db
    .selectFrom(`${source} as t`)
    .innerJoin("projects as p", (join) => join.onRef("p.id", "=", "t.project_id").onRef("p.org_id", "=", "t.org_id"))
    .leftJoin("users as a", "a.id", "t.assignee_id")
    .leftJoin("users as c", "c.id", "t.created_by_id")
    .where("t.org_id", "=", orgId)
    .where("p.deleted_at", "is", null)
    .select([
      "t.id",
      "t.project_id as projectId",
      "t.title",
      "t.description",
      "t.status",
      "t.priority",
      "t.due_date as dueDate",
      "t.labels",
      "t.position",
      "t.version",
      "t.created_at as createdAt",
      "t.updated_at as updatedAt",
      "t.deleted_at as deletedAt",
      "a.id as assigneeId",
      "a.name as assigneeName",
      "c.id as creatorId",
      "c.name as creatorName",
    ])
    .select((eb) =>
      eb
        .selectFrom("task_comments as tc")
        .whereRef("tc.task_id", "=", "t.id")
        .where("tc.org_id", "=", orgId)
        .where("tc.deleted_at", "is", null)
        .select(sql<number>`count(*)::int`.as("n"))
        .as("commentCount"),
    );
}

/**
 * The live projects whose name, or whose client's name, contains the ILIKE `pattern`: the
 * projects a task search also matches on. Read through the search views so the trigram indexes
 * on projects.name and clients.name apply (migration …_invitation_preview_labels_search).
 */
export function selectProjectsNamed(orgId: string, pattern: string) {
  return db
    .selectFrom("projects_search as sp")
    .select("sp.id")
    .where("sp.org_id", "=", orgId)
    .where("sp.deleted_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("sp.name", "ilike", pattern),
        eb(
          "sp.client_id",
          "in",
          eb.selectFrom("clients_search as sc").select("sc.id").where("sc.org_id", "=", orgId).where("sc.name", "ilike", pattern),
        ),
      ]),
    )
    .limit(1000);
}

export type TaskQuery = ReturnType<typeof selectTasks>;
export type TaskReadRow = RowOf<TaskQuery>;

export { toIsoDate, toTaskDto } from "./task-dto";
