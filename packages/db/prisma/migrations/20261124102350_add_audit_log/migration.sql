-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "org_id" UUID,
    "actor_user_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "ip" INET,
    "user_agent" TEXT,
    "request_id" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_logs_org_id_created_at_id_idx" ON "audit_logs"("org_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_actor_user_id_created_at_idx" ON "audit_logs"("actor_user_id", "created_at" DESC);

-- ─── Shape ─────────────────────────────────────────────────────────────────────
-- Validated by a BEFORE INSERT trigger (written while CHECK constraints still
-- crashed the schema engine; the adapter patch has since fixed that).
CREATE FUNCTION audit_logs_validate() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW."action" !~ '^[a-z_]+(\.[a-z_]+)+$' OR length(NEW."action") > 100 THEN
    RAISE EXCEPTION 'audit_logs.action % is not a valid action name', NEW."action" USING ERRCODE = 'check_violation';
  END IF;
  IF length(NEW."user_agent") > 512 OR length(NEW."request_id") > 128 OR length(NEW."target_type") > 64 OR length(NEW."target_id") > 128 THEN
    RAISE EXCEPTION 'audit_logs entry has an oversized field' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_logs_validate_insert
  BEFORE INSERT ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_logs_validate();

-- ─── Append-only, for every role ──────────────────────────────────────────────
CREATE FUNCTION audit_logs_refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_logs_no_update_delete
  BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_logs_refuse_change();
CREATE TRIGGER audit_logs_no_truncate
  BEFORE TRUNCATE ON "audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_refuse_change();

-- ─── Row-level security ───────────────────────────────────────────────────────
GRANT SELECT, INSERT ON "audit_logs" TO app_user;
GRANT USAGE ON SEQUENCE "audit_logs_id_seq" TO app_user;

ALTER TABLE "audit_logs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_logs" FORCE ROW LEVEL SECURITY;

-- Entries of the active organization (the API further limits reading to audit:read),
-- plus a user's own security events (sign-ins, sessions) wherever they happened.
CREATE POLICY audit_logs_read ON "audit_logs" FOR SELECT
  USING ("org_id" = (SELECT app_current_org_id()) OR "actor_user_id" = (SELECT app_current_user_id()));

-- Written as the acting user, in their active organization, or unattributed
-- (e.g. a failed sign-in for an unknown email): never in another's name or org.
CREATE POLICY audit_logs_append ON "audit_logs" FOR INSERT
  WITH CHECK (
    ("org_id" IS NULL OR "org_id" = (SELECT app_current_org_id()))
    AND ("actor_user_id" IS NULL OR "actor_user_id" = (SELECT app_current_user_id()))
  );
