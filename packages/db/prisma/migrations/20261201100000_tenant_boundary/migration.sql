-- One tenant boundary. Every API transaction starts with ONE statement that sets the role,
-- resolves the caller (a session, or a user id a job or test vouches for) and checks the
-- membership of the requested organization: app_enter(). Places where no tenant exists yet
-- (sign-in lookups, OAuth lookups, creating an organization, accepting an invitation) go
-- through SECURITY DEFINER functions owned by app_maintenance; maintenance jobs (trash purge,
-- mail delivery, the dev outbox) run as app_maintenance. The API never needs the
-- table owner's own rights for tenant work.

-- ─── Roles ────────────────────────────────────────────────────────────────────
DO $$
BEGIN
  -- BYPASSRLS: the purge deletes across organizations and the definer functions below read
  -- rows no tenant may see yet. NOLOGIN: reached only with SET LOCAL ROLE inside a transaction.
  CREATE ROLE app_maintenance NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT BYPASSRLS;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT app_maintenance TO %I', current_user);
EXCEPTION
  WHEN duplicate_object OR invalid_grant_operation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO app_maintenance;
-- A non-superuser migrator may hand objects to app_maintenance (ALTER … OWNER below) only when
-- it can create in the schema.
GRANT CREATE ON SCHEMA public TO app_maintenance;
GRANT SELECT ON "users", "oauth_accounts" TO app_maintenance;
GRANT SELECT, INSERT ON "organizations", "memberships" TO app_maintenance;
GRANT SELECT, UPDATE ON "sessions", "invitations" TO app_maintenance;
GRANT SELECT, UPDATE ON "email_outbox" TO app_maintenance;
GRANT SELECT, INSERT ON "audit_logs" TO app_maintenance;
GRANT USAGE ON SEQUENCE "audit_logs_id_seq" TO app_maintenance;
-- The trash purge: rows that stayed in the trash past the retention, and old board events.
GRANT SELECT, DELETE ON "clients", "projects", "tasks", "task_comments", "board_events" TO app_maintenance;

-- ─── The org check inside every policy ────────────────────────────────────────
-- Same contract as before (the active organization only if the acting user is a member, so
-- a forged app.org_id matches no row), now in PL/pgSQL: a SQL-language SECURITY DEFINER
-- function is never inlined and PostgreSQL re-plans its body on every call, while PL/pgSQL
-- keeps the membership lookup's plan for the session. Policies call it as
-- (SELECT app_current_org_id()), an InitPlan evaluated once per statement and table.
CREATE OR REPLACE FUNCTION app_current_org_id() RETURNS uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
BEGIN
  IF v_org IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN (SELECT m."org_id" FROM "memberships" m
           WHERE m."org_id" = v_org
             AND m."user_id" = nullif(current_setting('app.user_id', true), '')::uuid);
END
$$;

-- ─── Entering the boundary ────────────────────────────────────────────────────
-- Resolves the caller and the organization and sets the transaction's tenant settings:
-- - p_session: a session id the web server vouched for; it must be unrevoked and unexpired,
--   and its expiry rolls forward (at most one write per 5 minutes of use);
-- - else p_user: a user id the caller vouches for itself (jobs, tests);
-- - p_org: the requested organization; app.org_id is set only for a member of a live one.
-- Returns no row for a dead session; org_role is NULL for a non-member (the caller refuses
-- with NOT_FOUND). Settings are transaction-local, like the role the caller sets beside it.
CREATE FUNCTION app_enter(p_session uuid, p_user uuid, p_org uuid, p_session_ttl_seconds int)
  RETURNS TABLE (user_id uuid, org_role membership_role)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_user uuid;
  v_seen timestamptz;
  v_role membership_role;
BEGIN
  IF p_session IS NOT NULL THEN
    SELECT s."user_id", s."last_seen_at" INTO v_user, v_seen
      FROM "sessions" s
     WHERE s."id" = p_session AND s."revoked_at" IS NULL AND s."expires_at" > now();
    IF v_user IS NULL OR (p_user IS NOT NULL AND p_user <> v_user) THEN
      RETURN;
    END IF;
    IF v_seen < now() - interval '5 minutes' THEN
      UPDATE "sessions"
         SET "last_seen_at" = now(), "expires_at" = now() + make_interval(secs => p_session_ttl_seconds)
       WHERE "id" = p_session AND "revoked_at" IS NULL;
    END IF;
  ELSE
    v_user := p_user;
  END IF;

  IF p_org IS NOT NULL AND v_user IS NOT NULL THEN
    SELECT m."role" INTO v_role
      FROM "memberships" m JOIN "organizations" o ON o."id" = m."org_id" AND o."deleted_at" IS NULL
     WHERE m."org_id" = p_org AND m."user_id" = v_user;
  END IF;

  PERFORM set_config('app.user_id', coalesce(v_user::text, ''), true);
  PERFORM set_config('app.org_id', CASE WHEN v_role IS NULL THEN '' ELSE p_org::text END, true);
  user_id := v_user;
  org_role := v_role;
  RETURN NEXT;
END
$$;

-- ─── Before a tenant exists ───────────────────────────────────────────────────
-- Sign-in: the account behind an email (stored lower-cased), with its password hash.
CREATE FUNCTION app_find_credentials(p_email text)
  RETURNS TABLE (user_id uuid, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT u."id", u."password_hash" FROM "users" u WHERE u."email" = p_email $$;

-- OAuth sign-in: the user a provider identity is linked to.
CREATE FUNCTION app_find_oauth_user(p_provider text, p_provider_account_id text)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT a."user_id" FROM "oauth_accounts" a WHERE a."provider" = p_provider AND a."provider_account_id" = p_provider_account_id $$;

-- Creating an organization: under RLS an organization is visible only to its members and it has
-- none yet. Creates it with the acting user (app.user_id) as owner and makes it the active
-- organization of the rest of the transaction. A taken slug raises unique_violation (23505).
CREATE FUNCTION app_create_organization(p_name text, p_slug text)
  RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_user uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  v_org uuid := gen_random_uuid();
BEGIN
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'app_create_organization needs an acting user' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO "organizations" ("id", "name", "slug", "updated_at") VALUES (v_org, p_name, p_slug, now());
  INSERT INTO "memberships" ("id", "org_id", "user_id", "role", "updated_at")
  VALUES (gen_random_uuid(), v_org, v_user, 'owner', now());
  PERFORM set_config('app.org_id', v_org::text, true);
  RETURN v_org;
END
$$;

-- Accepting an invitation: the invitee is not a member yet, so RLS hides the invitation. Claims
-- it for the acting user when it is pending and sent to their email (single use: the claim is a
-- conditional update under a row lock), adds the membership, and makes the organization active.
-- outcome: joined | already_member | invalid | wrong_email.
CREATE FUNCTION app_accept_invitation(p_token_hash text)
  RETURNS TABLE (invitation_id uuid, org_id uuid, role membership_role, outcome text)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_user uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  v_inv record;
  v_email text;
  v_existing membership_role;
BEGIN
  SELECT i."id", i."org_id", i."email", i."role" INTO v_inv
    FROM "invitations" i JOIN "organizations" o ON o."id" = i."org_id" AND o."deleted_at" IS NULL
   WHERE i."token_hash" = p_token_hash AND i."accepted_at" IS NULL AND i."revoked_at" IS NULL AND i."expires_at" > now()
   FOR UPDATE OF i;
  IF NOT FOUND OR v_user IS NULL THEN
    RETURN QUERY SELECT NULL::uuid, NULL::uuid, NULL::membership_role, 'invalid'::text;
    RETURN;
  END IF;
  SELECT u."email" INTO v_email FROM "users" u WHERE u."id" = v_user;
  IF v_email IS DISTINCT FROM v_inv."email" THEN
    RETURN QUERY SELECT v_inv."id", v_inv."org_id", NULL::membership_role, 'wrong_email'::text;
    RETURN;
  END IF;
  UPDATE "invitations" SET "accepted_at" = now(), "accepted_by_id" = v_user WHERE "id" = v_inv."id";
  SELECT m."role" INTO v_existing FROM "memberships" m WHERE m."org_id" = v_inv."org_id" AND m."user_id" = v_user;
  IF v_existing IS NULL THEN
    INSERT INTO "memberships" ("id", "org_id", "user_id", "role", "updated_at")
    VALUES (gen_random_uuid(), v_inv."org_id", v_user, v_inv."role", now());
  END IF;
  PERFORM set_config('app.org_id', v_inv."org_id"::text, true);
  RETURN QUERY SELECT v_inv."id", v_inv."org_id", coalesce(v_existing, v_inv."role"),
    CASE WHEN v_existing IS NULL THEN 'joined' ELSE 'already_member' END;
END
$$;

-- The definer functions run with app_maintenance's rights (which bypasses RLS), not with those
-- of whichever role ran this migration.
ALTER FUNCTION app_enter(uuid, uuid, uuid, int) OWNER TO app_maintenance;
ALTER FUNCTION app_find_credentials(text) OWNER TO app_maintenance;
ALTER FUNCTION app_find_oauth_user(text, text) OWNER TO app_maintenance;
ALTER FUNCTION app_create_organization(text, text) OWNER TO app_maintenance;
ALTER FUNCTION app_accept_invitation(text) OWNER TO app_maintenance;

REVOKE ALL ON FUNCTION app_enter(uuid, uuid, uuid, int), app_find_credentials(text), app_find_oauth_user(text, text),
  app_create_organization(text, text), app_accept_invitation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_enter(uuid, uuid, uuid, int), app_find_credentials(text), app_find_oauth_user(text, text),
  app_create_organization(text, text), app_accept_invitation(text) TO app_user;
-- app_enter runs in the transaction's first statement, before the role switch takes effect.
DO $$
BEGIN
  EXECUTE format('GRANT EXECUTE ON FUNCTION app_enter(uuid, uuid, uuid, int) TO %I', current_user);
END
$$;
