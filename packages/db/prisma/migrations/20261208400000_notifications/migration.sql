-- My work and notifications (README "My work and notifications"; apps/api/src/services/notifications/).
-- notifications: one row per (recipient, event), inserted in the transaction of the change that
-- caused it (the outbox the digest job reads for email). task_followers: who hears about a task's
-- status changes and comments. notification_preferences: per user and kind, in-app and email.

-- CreateEnum
CREATE TYPE "notification_kind" AS ENUM ('assigned', 'mentioned', 'commented', 'due_soon', 'status_changed');

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "task_id" UUID NOT NULL,
    "actor_id" UUID,
    "comment_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),
    "email_processed_at" TIMESTAMPTZ(3),
    "emailed_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_followers" (
    "org_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "following" BOOLEAN NOT NULL DEFAULT true,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_followers_pkey" PRIMARY KEY ("task_id","user_id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "user_id" UUID NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "in_app" BOOLEAN NOT NULL,
    "email" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id","kind")
);

-- CreateIndex
CREATE INDEX "notifications_org_id_user_id_created_at_id_idx" ON "notifications"("org_id", "user_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notifications_org_id_task_id_idx" ON "notifications"("org_id", "task_id");

-- CreateIndex
CREATE INDEX "task_followers_org_id_user_id_idx" ON "task_followers"("org_id", "user_id");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_task_id_fkey" FOREIGN KEY ("org_id", "task_id") REFERENCES "tasks"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_followers" ADD CONSTRAINT "task_followers_org_id_task_id_fkey" FOREIGN KEY ("org_id", "task_id") REFERENCES "tasks"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_followers" ADD CONSTRAINT "task_followers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Integrity ────────────────────────────────────────────────────────────────
ALTER TABLE "notifications"
  ADD CONSTRAINT "notifications_data_object" CHECK (jsonb_typeof("data") = 'object' AND pg_column_size("data") <= 2048),
  ADD CONSTRAINT "notifications_dedupe_key_length" CHECK (length("dedupe_key") <= 200),
  -- Never notify the actor about their own action (the API leaves them out; this is the backstop).
  ADD CONSTRAINT "notifications_not_self" CHECK ("actor_id" IS NULL OR "actor_id" <> "user_id");
ALTER TABLE "task_followers"
  ADD CONSTRAINT "task_followers_reason" CHECK ("reason" IN ('creator', 'assignee', 'commenter', 'mentioned', 'manual'));

-- The unread badge: a member's unread notifications in one organization.
CREATE INDEX "notifications_unread_idx" ON "notifications" ("org_id", "user_id") WHERE "read_at" IS NULL;
-- The digest job's scan: only notifications not yet considered for email are indexed.
CREATE INDEX "notifications_email_pending_idx" ON "notifications" ("created_at") WHERE "email_processed_at" IS NULL;
-- Due-soon: at most one per task, recipient and due date (the hourly job may run again).
CREATE UNIQUE INDEX "notifications_dedupe_idx" ON "notifications" ("task_id", "user_id", "dedupe_key") WHERE "dedupe_key" IS NOT NULL;
-- My work: tasks assigned to me by due date (the existing assignee index is ordered by creation).
-- The due-soon pass: open assigned tasks by due date, across organizations.
CREATE INDEX "tasks_due_assigned_idx" ON "tasks" ("due_date") WHERE "deleted_at" IS NULL AND "assignee_id" IS NOT NULL;
CREATE INDEX "tasks_my_work_idx" ON "tasks" ("org_id", "assignee_id", "due_date") WHERE "deleted_at" IS NULL;

-- ─── Live inbox ──────────────────────────────────────────────────────────────
-- At commit, NOTIFY carries only (orgId, userId): the recipient's stream re-reads its unread count
-- under RLS. Identical payloads in one transaction are folded by PostgreSQL (mark all read = one).
CREATE FUNCTION notifications_notify() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('notifications', json_build_object('orgId', NEW."org_id", 'userId', NEW."user_id")::text);
  RETURN NULL;
END $$;
CREATE TRIGGER notifications_notify AFTER INSERT OR UPDATE OF "read_at" ON "notifications"
  FOR EACH ROW EXECUTE FUNCTION notifications_notify();

-- ─── Row-level security ───────────────────────────────────────────────────────
-- A notification is written by the actor's transaction for someone else, so the policies differ per
-- command: anyone acting in the organization may INSERT one for a member of it (never for
-- themselves), but only the recipient SELECTs or UPDATEs (marks read) it — another member of the
-- same organization sees none of mine. app_user may update read_at only, and never deletes.
GRANT SELECT, INSERT ON "notifications" TO app_user;
GRANT UPDATE ("read_at") ON "notifications" TO app_user;
ALTER TABLE "notifications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "notifications" FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_recipient_read ON "notifications" FOR SELECT
  USING ("org_id" = (SELECT app_current_org_id()) AND "user_id" = (SELECT app_current_user_id()));
CREATE POLICY notifications_recipient_update ON "notifications" FOR UPDATE
  USING ("org_id" = (SELECT app_current_org_id()) AND "user_id" = (SELECT app_current_user_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()) AND "user_id" = (SELECT app_current_user_id()));
CREATE POLICY notifications_tenant_insert ON "notifications" FOR INSERT
  WITH CHECK (
    "org_id" = (SELECT app_current_org_id())
    AND "user_id" <> (SELECT app_current_user_id())
    AND ("actor_id" IS NULL OR "actor_id" = (SELECT app_current_user_id()))
    AND EXISTS (SELECT 1 FROM "memberships" m WHERE m."org_id" = "notifications"."org_id" AND m."user_id" = "notifications"."user_id"));

-- Followers of a task are visible to the organization (the task page lists them); anyone acting
-- in it may add a follower (assigning or mentioning someone makes them follow); only the follower
-- changes their own row (follow / unfollow).
GRANT SELECT, INSERT, UPDATE ON "task_followers" TO app_user;
ALTER TABLE "task_followers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "task_followers" FORCE ROW LEVEL SECURITY;
CREATE POLICY task_followers_tenant_read ON "task_followers" FOR SELECT
  USING ("org_id" = (SELECT app_current_org_id()));
CREATE POLICY task_followers_tenant_insert ON "task_followers" FOR INSERT
  WITH CHECK ("org_id" = (SELECT app_current_org_id())
    AND EXISTS (SELECT 1 FROM "memberships" m WHERE m."org_id" = "task_followers"."org_id" AND m."user_id" = "task_followers"."user_id"));
CREATE POLICY task_followers_own_update ON "task_followers" FOR UPDATE
  USING ("org_id" = (SELECT app_current_org_id()) AND "user_id" = (SELECT app_current_user_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()) AND "user_id" = (SELECT app_current_user_id()));

-- Preferences are the user's own, in every organization.
GRANT SELECT, INSERT, UPDATE ON "notification_preferences" TO app_user;
ALTER TABLE "notification_preferences" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "notification_preferences" FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_preferences_own ON "notification_preferences"
  USING ("user_id" = (SELECT app_current_user_id()))
  WITH CHECK ("user_id" = (SELECT app_current_user_id()));

-- The workers (app_maintenance, BYPASSRLS): the hourly due-soon pass inserts notifications, the
-- digest reads pending ones with their recipients' preferences and marks them processed, the
-- unsubscribe link (no session) turns a user's email off; the trash purge's task deletes cascade.
GRANT SELECT, INSERT, UPDATE, DELETE ON "notifications" TO app_maintenance;
GRANT SELECT, INSERT, UPDATE ON "notification_preferences" TO app_maintenance;
GRANT SELECT, DELETE ON "task_followers" TO app_maintenance;
