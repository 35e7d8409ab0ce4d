-- API keys for machine clients (issue 10). Each key is an org-scoped service principal: a
-- service user (users.kind = 'service': no password, never signs in, hidden from member lists)
-- with a membership in the key's organization, so RLS (app_current_org_id() checks the
-- membership of app.user_id), audit attribution and authorship work as for people. Revoking a
-- key removes that membership, so RLS itself refuses it from then on. Only the SHA-256 (hex)
-- of a secret is stored. Keys are created through app_create_api_key() (the service user
-- cannot be inserted under RLS) and a call with a key enters the boundary through
-- app_enter_key() — both SECURITY DEFINER, owned by app_maintenance, like app_enter.

-- CreateEnum
CREATE TYPE "user_kind" AS ENUM ('person', 'service');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "kind" "user_kind" NOT NULL DEFAULT 'person';

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "previous_secret_hash" TEXT,
    "previous_expires_at" TIMESTAMPTZ(3),
    "scopes" TEXT[],
    "service_user_id" UUID NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_previous_secret_hash_key" ON "api_keys"("previous_secret_hash");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_service_user_id_key" ON "api_keys"("service_user_id");

-- CreateIndex
CREATE INDEX "api_keys_org_id_created_at_idx" ON "api_keys"("org_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_service_user_id_fkey" FOREIGN KEY ("service_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Constraints Prisma does not model ────────────────────────────────────────
ALTER TABLE "users" ADD CONSTRAINT "users_service_has_no_password" CHECK ("kind" = 'person' OR "password_hash" IS NULL);
ALTER TABLE "api_keys" ALTER COLUMN "scopes" SET NOT NULL;
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_not_empty" CHECK (cardinality("scopes") > 0);
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_previous_secret_pair"
  CHECK (("previous_secret_hash" IS NULL) = ("previous_expires_at" IS NULL));
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_secret_hash_hex" CHECK ("secret_hash" ~ '^[0-9a-f]{64}$');

-- Tasks are assigned to people: an API key's service user is a member (for RLS and authorship)
-- but never an assignee. Same trigger as before, with the kind checked.
CREATE OR REPLACE FUNCTION tasks_assignee_is_member() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."assignee_id" IS NOT NULL
     AND (TG_OP = 'INSERT' OR NEW."assignee_id" IS DISTINCT FROM OLD."assignee_id")
     AND NOT EXISTS (SELECT 1 FROM "memberships" m JOIN "users" u ON u."id" = m."user_id" AND u."kind" = 'person'
                      WHERE m."org_id" = NEW."org_id" AND m."user_id" = NEW."assignee_id") THEN
    RAISE EXCEPTION 'assignee % is not a member of organization %', NEW."assignee_id", NEW."org_id"
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'tasks_assignee_is_member';
  END IF;
  RETURN NEW;
END $$;

-- ─── RLS and grants ───────────────────────────────────────────────────────────
-- Org admins list, rotate and revoke keys as app_user inside their organization (the API
-- checks apikey:manage); inserts go through app_create_api_key only, and no column that
-- binds a key to its organization or principal can be updated.
ALTER TABLE "api_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;
CREATE POLICY api_keys_tenant ON "api_keys"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
GRANT SELECT ON "api_keys" TO app_user;
GRANT UPDATE ("name", "secret_hash", "previous_secret_hash", "previous_expires_at", "revoked_at") ON "api_keys" TO app_user;

-- The definer functions below: find and touch keys, create a key with its service user.
GRANT SELECT, INSERT, UPDATE ON "api_keys" TO app_maintenance;
GRANT INSERT ON "users" TO app_maintenance;

-- ─── Entering the boundary with a key ─────────────────────────────────────────
-- The API key counterpart of app_enter, called in the transaction's first statement beside the
-- role switch (ENTER_KEY_SQL, packages/db/src/sql/wire.ts). Finds the live key by the hash of
-- the presented secret — its current secret, or the previous one within the rotation overlap —
-- and refuses revoked and expired keys (no row → 401). p_org, when given, must be the key's own
-- organization; otherwise org_role is NULL and no tenant is set (→ 404, as for a non-member).
-- last_used_at is written at most once a minute. Settings are transaction-local.
CREATE FUNCTION app_enter_key(p_secret_hash text, p_org uuid)
  RETURNS TABLE (user_id uuid, org_id uuid, key_id uuid, scopes text[], org_role membership_role)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_key record;
  v_role membership_role;
BEGIN
  SELECT k."id", k."org_id", k."service_user_id", k."scopes", k."last_used_at" INTO v_key
    FROM "api_keys" k
   WHERE (k."secret_hash" = p_secret_hash
          OR (k."previous_secret_hash" = p_secret_hash AND k."previous_expires_at" > now()))
     AND k."revoked_at" IS NULL
     AND (k."expires_at" IS NULL OR k."expires_at" > now());
  IF NOT FOUND THEN
    PERFORM set_config('app.user_id', '', true);
    PERFORM set_config('app.org_id', '', true);
    RETURN;
  END IF;
  IF v_key."last_used_at" IS NULL OR v_key."last_used_at" < now() - interval '1 minute' THEN
    UPDATE "api_keys" SET "last_used_at" = now() WHERE "id" = v_key."id";
  END IF;
  IF p_org IS NULL OR p_org = v_key."org_id" THEN
    SELECT m."role" INTO v_role
      FROM "memberships" m JOIN "organizations" o ON o."id" = m."org_id" AND o."deleted_at" IS NULL
     WHERE m."org_id" = v_key."org_id" AND m."user_id" = v_key."service_user_id";
  END IF;
  PERFORM set_config('app.user_id', v_key."service_user_id"::text, true);
  PERFORM set_config('app.org_id', CASE WHEN v_role IS NULL THEN '' ELSE v_key."org_id"::text END, true);
  user_id := v_key."service_user_id";
  org_id := v_key."org_id";
  key_id := v_key."id";
  scopes := v_key."scopes";
  org_role := v_role;
  RETURN NEXT;
END
$$;

-- ─── Creating a key ───────────────────────────────────────────────────────────
-- Under RLS nobody may insert another user, so the key, its service user and the service
-- membership are created here, in the active organization, for an acting admin or owner. The
-- API checks the scopes against the creator's permissions; this function re-checks what SQL can:
-- the service membership's role is never above the creator's, and a key creating a key must hold
-- apikey:manage and every scope it hands out. Returns the key's id.
CREATE FUNCTION app_create_api_key(
  p_name text, p_prefix text, p_secret_hash text, p_scopes text[], p_role membership_role, p_expires_at timestamptz
) RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_actor uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  -- The active organization; the membership lookup below checks the actor belongs to it.
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_actor_role membership_role;
  v_actor_kind user_kind;
  v_actor_scopes text[];
  v_key uuid := gen_random_uuid();
  v_user uuid := gen_random_uuid();
BEGIN
  IF v_actor IS NULL OR v_org IS NULL THEN
    RAISE EXCEPTION 'app_create_api_key needs an acting member of the active organization' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT m."role", u."kind" INTO v_actor_role, v_actor_kind
    FROM "memberships" m JOIN "users" u ON u."id" = m."user_id"
   WHERE m."org_id" = v_org AND m."user_id" = v_actor;
  -- membership_role is declared owner, admin, member, viewer: a smaller value is a higher role.
  IF v_actor_role IS NULL OR v_actor_role > 'admin' OR p_role < v_actor_role THEN
    RAISE EXCEPTION 'only admins and owners create API keys, with at most their own role' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF v_actor_kind = 'service' THEN
    SELECT k."scopes" INTO v_actor_scopes FROM "api_keys" k WHERE k."service_user_id" = v_actor AND k."revoked_at" IS NULL;
    IF v_actor_scopes IS NULL OR NOT ('apikey:manage' = ANY (v_actor_scopes)) OR NOT (p_scopes <@ v_actor_scopes) THEN
      RAISE EXCEPTION 'an API key creates keys only with apikey:manage and its own scopes' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  INSERT INTO "users" ("id", "kind", "email", "name", "updated_at")
  VALUES (v_user, 'service', 'key-' || v_key::text || '@api-keys.invalid', p_name, now());
  INSERT INTO "memberships" ("id", "org_id", "user_id", "role", "updated_at")
  VALUES (gen_random_uuid(), v_org, v_user, p_role, now());
  INSERT INTO "api_keys" ("id", "org_id", "name", "prefix", "secret_hash", "scopes", "service_user_id", "created_by_id", "expires_at")
  VALUES (v_key, v_org, p_name, p_prefix, p_secret_hash, p_scopes, v_user, v_actor, p_expires_at);
  RETURN v_key;
END
$$;

ALTER FUNCTION app_enter_key(text, uuid) OWNER TO app_maintenance;
ALTER FUNCTION app_create_api_key(text, text, text, text[], membership_role, timestamptz) OWNER TO app_maintenance;
REVOKE ALL ON FUNCTION app_enter_key(text, uuid), app_create_api_key(text, text, text, text[], membership_role, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_enter_key(text, uuid), app_create_api_key(text, text, text, text[], membership_role, timestamptz) TO app_user;
-- app_enter_key runs in the transaction's first statement, before the role switch takes effect.
DO $$
BEGIN
  EXECUTE format('GRANT EXECUTE ON FUNCTION app_enter_key(text, uuid) TO %I', current_user);
END
$$;
