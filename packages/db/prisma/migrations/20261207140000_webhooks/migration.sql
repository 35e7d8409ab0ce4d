-- Outbound webhooks and Slack notifications (apps/api/src/services/webhooks/, services/slack/).
-- webhook_endpoints and slack_connections hold each organization's targets, their secrets
-- encrypted at rest (AES-256-GCM in the API; the database never sees a key). webhook_deliveries
-- is the outbox: one row per (event, target), inserted in the same transaction as the business
-- change, then attempted by the delivery handler (as app_maintenance: it works across
-- organizations) until it succeeds or is dead.

-- CreateEnum
CREATE TYPE "webhook_delivery_status" AS ENUM ('pending', 'succeeded', 'failed', 'dead');

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "event_types" TEXT[] NOT NULL,
    "secret_ciphertext" TEXT NOT NULL,
    "secret_key_id" TEXT NOT NULL,
    "previous_secret_ciphertext" TEXT,
    "previous_secret_key_id" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "disabled_at" TIMESTAMPTZ(3),
    "failure_streak" INTEGER NOT NULL DEFAULT 0,
    "failing_since" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slack_connections" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "url_ciphertext" TEXT NOT NULL,
    "url_key_id" TEXT NOT NULL,
    "url_hint" TEXT NOT NULL,
    "event_types" TEXT[] NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "disabled_at" TIMESTAMPTZ(3),
    "failure_streak" INTEGER NOT NULL DEFAULT 0,
    "failing_since" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "endpoint_id" UUID,
    "slack_connection_id" UUID,
    "event_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "webhook_delivery_status" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "latency_ms" INTEGER,
    "response_snippet" TEXT,
    "error_class" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_endpoints_org_id_created_at_id_idx" ON "webhook_endpoints"("org_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_endpoints_org_id_id_key" ON "webhook_endpoints"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "slack_connections_org_id_key" ON "slack_connections"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "slack_connections_org_id_id_key" ON "slack_connections"("org_id", "id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_org_id_endpoint_id_created_at_id_idx" ON "webhook_deliveries"("org_id", "endpoint_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_org_id_slack_connection_id_created_at_id_idx" ON "webhook_deliveries"("org_id", "slack_connection_id", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_connections" ADD CONSTRAINT "slack_connections_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_connections" ADD CONSTRAINT "slack_connections_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_endpoint_id_fkey" FOREIGN KEY ("org_id", "endpoint_id") REFERENCES "webhook_endpoints"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_slack_connection_id_fkey" FOREIGN KEY ("org_id", "slack_connection_id") REFERENCES "slack_connections"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Integrity ────────────────────────────────────────────────────────────────
ALTER TABLE "webhook_endpoints"
  ADD CONSTRAINT "webhook_endpoints_url_http" CHECK ("url" ~ '^https?://' AND length("url") <= 2048),
  ADD CONSTRAINT "webhook_endpoints_description_length" CHECK (length("description") <= 500),
  ADD CONSTRAINT "webhook_endpoints_event_types_count" CHECK (cardinality("event_types") BETWEEN 1 AND 64),
  ADD CONSTRAINT "webhook_endpoints_previous_secret_complete" CHECK (
    ("previous_secret_ciphertext" IS NULL) = ("previous_secret_key_id" IS NULL)
    AND ("previous_secret_ciphertext" IS NULL) = ("previous_secret_expires_at" IS NULL)),
  ADD CONSTRAINT "webhook_endpoints_disabled_state" CHECK ("enabled" OR "disabled_at" IS NOT NULL),
  ADD CONSTRAINT "webhook_endpoints_failure_streak" CHECK ("failure_streak" >= 0);
ALTER TABLE "slack_connections"
  ADD CONSTRAINT "slack_connections_event_types_count" CHECK (cardinality("event_types") BETWEEN 1 AND 64),
  ADD CONSTRAINT "slack_connections_disabled_state" CHECK ("enabled" OR "disabled_at" IS NOT NULL),
  ADD CONSTRAINT "slack_connections_failure_streak" CHECK ("failure_streak" >= 0);
ALTER TABLE "webhook_deliveries"
  ADD CONSTRAINT "webhook_deliveries_one_target" CHECK (("endpoint_id" IS NULL) <> ("slack_connection_id" IS NULL)),
  ADD CONSTRAINT "webhook_deliveries_attempts" CHECK ("attempt_count" >= 0),
  ADD CONSTRAINT "webhook_deliveries_snippet_capped" CHECK (length("response_snippet") <= 1024),
  ADD CONSTRAINT "webhook_deliveries_due_when_open" CHECK (("status" IN ('pending', 'failed')) = ("next_attempt_at" IS NOT NULL));

-- The emit query (one per business write): enabled targets of one organization subscribed to a type.
CREATE INDEX "webhook_endpoints_org_enabled_idx" ON "webhook_endpoints" ("org_id") WHERE "enabled";
-- The delivery driver's scan: only open deliveries are indexed.
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "next_attempt_at" IS NOT NULL;

-- ─── Row-level security ───────────────────────────────────────────────────────
-- Admins manage their organization's targets (the API checks integration:manage); deleting an
-- endpoint or the Slack connection deletes its deliveries (cascade). app_user never deletes
-- deliveries itself.
GRANT SELECT, INSERT, UPDATE, DELETE ON "webhook_endpoints", "slack_connections" TO app_user;
GRANT SELECT, INSERT, UPDATE ON "webhook_deliveries" TO app_user;
ALTER TABLE "webhook_endpoints" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "webhook_endpoints" FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_endpoints_tenant ON "webhook_endpoints"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "slack_connections" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "slack_connections" FORCE ROW LEVEL SECURITY;
CREATE POLICY slack_connections_tenant ON "slack_connections"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "webhook_deliveries" FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_deliveries_tenant ON "webhook_deliveries"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));

-- The delivery handler (app_maintenance, BYPASSRLS) reads due deliveries of every organization,
-- records each attempt, disables a failing target and mails the organization's admins.
GRANT SELECT, UPDATE ON "webhook_deliveries", "webhook_endpoints", "slack_connections" TO app_maintenance;
GRANT INSERT ON "email_outbox" TO app_maintenance;
