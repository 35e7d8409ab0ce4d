-- CreateEnum
CREATE TYPE "client_status" AS ENUM ('active', 'paused', 'archived');

-- CreateTable
CREATE TABLE "clients" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contact_name" TEXT,
    "contact_email" TEXT,
    "status" "client_status" NOT NULL DEFAULT 'active',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "clients_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "clients_org_id_name_id_idx" ON "clients"("org_id", "name", "id");

-- CreateIndex
CREATE INDEX "clients_org_id_created_at_id_idx" ON "clients"("org_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "clients_org_id_deleted_at_idx" ON "clients"("org_id", "deleted_at");

-- AddForeignKey
ALTER TABLE "clients" ADD CONSTRAINT "clients_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Integrity ────────────────────────────────────────────────────────────────
ALTER TABLE "clients"
  ADD CONSTRAINT "clients_name_length" CHECK (length(btrim("name")) BETWEEN 1 AND 120),
  ADD CONSTRAINT "clients_contact_email_lowercase" CHECK ("contact_email" IS NULL OR "contact_email" = lower("contact_email")),
  ADD CONSTRAINT "clients_version_positive" CHECK ("version" >= 1);

-- ─── Row-level security ───────────────────────────────────────────────────────
GRANT SELECT, INSERT, UPDATE ON "clients" TO app_user;
ALTER TABLE "clients" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clients" FORCE ROW LEVEL SECURITY;
CREATE POLICY clients_tenant ON "clients"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
