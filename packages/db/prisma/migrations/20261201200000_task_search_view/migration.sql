-- Task search that the trigram indexes can serve under the caller's organization.
--
-- Under row-level security PostgreSQL evaluates a user's condition before the policy only when
-- its operator is LEAKPROOF; ILIKE is not, so on `tasks` the trigram GIN indexes are never used
-- for a search and rare terms scan the whole organization (seconds at a million tasks).
--
-- This view reads `tasks` with its owner's rights: app_maintenance bypasses RLS, so the view's
-- own condition — the organization verified for this transaction, app_current_org_id() — is an
-- ordinary condition the planner may combine with the trigram indexes. A forged app.org_id
-- still matches nothing (app_current_org_id checks membership), exactly like the policy. The
-- API reads it only inside the tenant boundary, through the same typed query as the list
-- (apps/api/src/services/tasks/task-query.ts); joins to projects, users and comments stay under
-- their own policies. app_user may only read it.
CREATE VIEW "tasks_search" AS
  SELECT t.* FROM "tasks" t WHERE t."org_id" = (SELECT app_current_org_id());

ALTER VIEW "tasks_search" OWNER TO app_maintenance;
REVOKE ALL ON "tasks_search" FROM PUBLIC;
GRANT SELECT ON "tasks_search" TO app_user;
