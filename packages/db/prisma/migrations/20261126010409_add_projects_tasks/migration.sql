-- Trigram matching for task search (ILIKE %term% on title and description, GIN-indexed).
-- pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "project_status" AS ENUM ('planned', 'active', 'on_hold', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "task_status" AS ENUM ('todo', 'in_progress', 'review', 'done');

-- CreateEnum
CREATE TYPE "task_priority" AS ENUM ('low', 'medium', 'high', 'urgent');

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "project_status" NOT NULL DEFAULT 'active',
    "budget_minor" BIGINT,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "start_date" DATE,
    "due_date" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "task_status" NOT NULL DEFAULT 'todo',
    "priority" "task_priority" NOT NULL DEFAULT 'medium',
    "assignee_id" UUID,
    "created_by_id" UUID,
    "due_date" DATE,
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "position" DOUBLE PRECISION NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_comments" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "author_id" UUID,
    "body" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "task_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "board_events" (
    "id" BIGSERIAL NOT NULL,
    "org_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "actor_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "board_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "projects_org_id_deleted_at_name_id_idx" ON "projects"("org_id", "deleted_at", "name", "id");

-- CreateIndex
CREATE INDEX "projects_org_id_deleted_at_created_at_id_idx" ON "projects"("org_id", "deleted_at", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "projects_org_id_client_id_deleted_at_idx" ON "projects"("org_id", "client_id", "deleted_at");

-- CreateIndex
CREATE UNIQUE INDEX "projects_org_id_id_key" ON "projects"("org_id", "id");

-- CreateIndex
CREATE INDEX "tasks_org_id_project_id_status_deleted_at_position_id_idx" ON "tasks"("org_id", "project_id", "status", "deleted_at", "position", "id");

-- CreateIndex
CREATE INDEX "tasks_org_id_deleted_at_created_at_id_idx" ON "tasks"("org_id", "deleted_at", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tasks_org_id_deleted_at_updated_at_id_idx" ON "tasks"("org_id", "deleted_at", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tasks_org_id_deleted_at_due_date_id_idx" ON "tasks"("org_id", "deleted_at", "due_date", "id");

-- CreateIndex
CREATE INDEX "tasks_org_id_assignee_id_deleted_at_created_at_id_idx" ON "tasks"("org_id", "assignee_id", "deleted_at", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tasks_org_id_project_id_deleted_at_created_at_id_idx" ON "tasks"("org_id", "project_id", "deleted_at", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tasks_labels_idx" ON "tasks" USING GIN ("labels");

-- CreateIndex
CREATE INDEX "tasks_title_trgm_idx" ON "tasks" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "tasks_description_trgm_idx" ON "tasks" USING GIN ("description" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "tasks_org_id_id_key" ON "tasks"("org_id", "id");

-- CreateIndex
CREATE INDEX "task_comments_org_id_task_id_created_at_id_idx" ON "task_comments"("org_id", "task_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "task_comments_author_id_idx" ON "task_comments"("author_id");

-- CreateIndex
CREATE INDEX "board_events_org_id_project_id_id_idx" ON "board_events"("org_id", "project_id", "id");

-- CreateIndex
CREATE INDEX "board_events_created_at_idx" ON "board_events"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "clients_org_id_id_key" ON "clients"("org_id", "id");

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_org_id_client_id_fkey" FOREIGN KEY ("org_id", "client_id") REFERENCES "clients"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_org_id_project_id_fkey" FOREIGN KEY ("org_id", "project_id") REFERENCES "projects"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_comments" ADD CONSTRAINT "task_comments_org_id_task_id_fkey" FOREIGN KEY ("org_id", "task_id") REFERENCES "tasks"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_comments" ADD CONSTRAINT "task_comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─── Integrity ────────────────────────────────────────────────────────────────
ALTER TABLE "projects"
  ADD CONSTRAINT "projects_name_length" CHECK (length(btrim("name")) BETWEEN 1 AND 120),
  ADD CONSTRAINT "projects_description_length" CHECK (length("description") <= 10000),
  ADD CONSTRAINT "projects_budget_range" CHECK ("budget_minor" IS NULL OR "budget_minor" BETWEEN 0 AND 9007199254740991),
  ADD CONSTRAINT "projects_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "projects_dates_ordered" CHECK ("start_date" IS NULL OR "due_date" IS NULL OR "due_date" >= "start_date"),
  ADD CONSTRAINT "projects_version_positive" CHECK ("version" >= 1);

ALTER TABLE "tasks"
  ADD CONSTRAINT "tasks_title_length" CHECK (length(btrim("title")) BETWEEN 1 AND 200),
  ADD CONSTRAINT "tasks_description_length" CHECK (length("description") <= 20000),
  ADD CONSTRAINT "tasks_labels_present" CHECK ("labels" IS NOT NULL AND cardinality("labels") <= 20 AND array_position("labels", NULL) IS NULL),
  ADD CONSTRAINT "tasks_position_finite" CHECK ("position" > '-Infinity'::float8 AND "position" < 'Infinity'::float8),
  ADD CONSTRAINT "tasks_version_positive" CHECK ("version" >= 1);

ALTER TABLE "task_comments"
  ADD CONSTRAINT "task_comments_body_length" CHECK (length(btrim("body")) BETWEEN 1 AND 10000),
  ADD CONSTRAINT "task_comments_version_positive" CHECK ("version" >= 1);

ALTER TABLE "board_events"
  ADD CONSTRAINT "board_events_kind" CHECK ("kind" IN ('task.created', 'task.updated', 'task.moved', 'task.deleted', 'task.restored', 'comment.created', 'comment.updated', 'comment.deleted'));

-- An assignee must be a member of the task's organization. (A composite foreign key to
-- memberships cannot SET NULL only the assignee in a form Prisma models; the API unassigns
-- a member's tasks in the same transaction that removes the membership.)
CREATE FUNCTION tasks_assignee_is_member() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."assignee_id" IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW."assignee_id" IS DISTINCT FROM OLD."assignee_id")
     AND NOT EXISTS (SELECT 1 FROM "memberships" m WHERE m."org_id" = NEW."org_id" AND m."user_id" = NEW."assignee_id") THEN
    RAISE EXCEPTION 'assignee % is not a member of organization %', NEW."assignee_id", NEW."org_id"
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'tasks_assignee_is_member';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tasks_assignee_is_member BEFORE INSERT OR UPDATE OF "assignee_id" ON "tasks"
  FOR EACH ROW EXECUTE FUNCTION tasks_assignee_is_member();

-- ─── Live board feed ──────────────────────────────────────────────────────────
-- Every task/comment write appends a board_events row in the same transaction and
-- announces it with NOTIFY at commit, so every API instance hears every change.
CREATE FUNCTION board_events_record() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  v_kind text;
  v_project uuid;
  v_task uuid;
  v_version int;
  v_id bigint;
BEGIN
  IF TG_TABLE_NAME = 'tasks' THEN
    v_project := NEW."project_id";
    v_task := NEW."id";
    v_version := NEW."version";
    IF TG_OP = 'INSERT' THEN v_kind := 'task.created';
    ELSIF OLD."deleted_at" IS NULL AND NEW."deleted_at" IS NOT NULL THEN v_kind := 'task.deleted';
    ELSIF OLD."deleted_at" IS NOT NULL AND NEW."deleted_at" IS NULL THEN v_kind := 'task.restored';
    ELSIF NEW."status" IS DISTINCT FROM OLD."status" OR NEW."position" IS DISTINCT FROM OLD."position"
          OR NEW."project_id" IS DISTINCT FROM OLD."project_id" THEN v_kind := 'task.moved';
    ELSE v_kind := 'task.updated';
    END IF;
  ELSE
    SELECT t."project_id", t."version" INTO v_project, v_version FROM "tasks" t WHERE t."id" = NEW."task_id";
    IF v_project IS NULL THEN RETURN NULL; END IF;
    v_task := NEW."task_id";
    IF TG_OP = 'INSERT' THEN v_kind := 'comment.created';
    ELSIF OLD."deleted_at" IS NULL AND NEW."deleted_at" IS NOT NULL THEN v_kind := 'comment.deleted';
    ELSE v_kind := 'comment.updated';
    END IF;
  END IF;
  INSERT INTO "board_events" ("org_id", "project_id", "task_id", "kind", "version", "actor_user_id")
  VALUES (NEW."org_id", v_project, v_task, v_kind, v_version, nullif(current_setting('app.user_id', true), '')::uuid)
  RETURNING "id" INTO v_id;
  PERFORM pg_notify('board_events', json_build_object(
    'id', v_id::text, 'orgId', NEW."org_id", 'projectId', v_project, 'taskId', v_task, 'kind', v_kind, 'version', v_version)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_board_events AFTER INSERT OR UPDATE ON "tasks"
  FOR EACH ROW EXECUTE FUNCTION board_events_record();
CREATE TRIGGER task_comments_board_events AFTER INSERT OR UPDATE ON "task_comments"
  FOR EACH ROW EXECUTE FUNCTION board_events_record();

-- ─── Row-level security ───────────────────────────────────────────────────────
-- app_user never hard-deletes: deletes are soft; the purge job (owner role) removes
-- rows 30 days after they reached the trash.
GRANT SELECT, INSERT, UPDATE ON "projects", "tasks", "task_comments" TO app_user;
GRANT SELECT, INSERT ON "board_events" TO app_user;
GRANT USAGE ON SEQUENCE "board_events_id_seq" TO app_user;

ALTER TABLE "projects" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "projects" FORCE ROW LEVEL SECURITY;
CREATE POLICY projects_tenant ON "projects"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));

ALTER TABLE "tasks" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tasks" FORCE ROW LEVEL SECURITY;
CREATE POLICY tasks_tenant ON "tasks"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));

ALTER TABLE "task_comments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "task_comments" FORCE ROW LEVEL SECURITY;
CREATE POLICY task_comments_tenant ON "task_comments"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));

ALTER TABLE "board_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "board_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY board_events_tenant ON "board_events"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
