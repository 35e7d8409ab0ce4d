-- Idempotency keys: the stored answer of an org mutation sent with an Idempotency-Key header
-- (apps/api/src/trpc/idempotency.ts). One row per organization, actor and key, written in the
-- mutation's own transaction; rows expire after 24 hours and the trash purge deletes them.

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "org_id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "procedure" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "response" JSON,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("org_id","actor_id","key")
);

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

-- ─── Integrity ────────────────────────────────────────────────────────────────
-- The same rules the API checks (printable ASCII, 1–255), and a fingerprint that is a SHA-256.
ALTER TABLE "idempotency_keys"
  ADD CONSTRAINT "idempotency_keys_key_format" CHECK ("key" ~ '^[\x20-\x7e]{1,255}$'),
  ADD CONSTRAINT "idempotency_keys_fingerprint_sha256" CHECK ("fingerprint" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "idempotency_keys_expiry_after_creation" CHECK ("expires_at" > "created_at");

-- ─── Row-level security ───────────────────────────────────────────────────────
-- A row belongs to its organization AND its actor: another member of the same organization
-- does not see (or replay) someone else's answers. app_user reads, records, and replaces an
-- expired row (INSERT … ON CONFLICT DO UPDATE); it never deletes — the purge does, as
-- app_maintenance.
GRANT SELECT, INSERT, UPDATE ON "idempotency_keys" TO app_user;
ALTER TABLE "idempotency_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "idempotency_keys" FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_own ON "idempotency_keys"
  USING ("org_id" = (SELECT app_current_org_id())
         AND "actor_id" = (SELECT nullif(current_setting('app.user_id', true), '')::uuid))
  WITH CHECK ("org_id" = (SELECT app_current_org_id())
              AND "actor_id" = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));

-- The purge (app_maintenance, BYPASSRLS) deletes expired rows across organizations.
GRANT SELECT, DELETE ON "idempotency_keys" TO app_maintenance;
