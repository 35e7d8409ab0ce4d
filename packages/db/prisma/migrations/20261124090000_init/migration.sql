-- CreateEnum
CREATE TYPE "membership_role" AS ENUM ('owner', 'admin', 'member', 'viewer');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "membership_role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

-- CreateIndex
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_org_id_user_id_key" ON "memberships"("org_id", "user_id");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ─── Row-level security ───────────────────────────────────────────────────────
-- The API runs tenant queries as app_user (SET LOCAL ROLE inside a transaction)
-- with app.user_id / app.org_id set transaction-locally. app_user has no
-- BYPASSRLS; FORCE makes policies apply to the table owner too. An unset or
-- empty setting reads as NULL, which matches no row: "no tenant", never "all".

DO $$
BEGIN
  CREATE ROLE app_user NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
EXCEPTION
  -- Roles are cluster-wide: another database of the same server may have created it.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- Let the role that runs migrations (and the API's login role) switch to app_user.
DO $$
BEGIN
  EXECUTE format('GRANT app_user TO %I', current_user);
EXCEPTION
  WHEN duplicate_object OR invalid_grant_operation THEN NULL;
END
$$;

CREATE FUNCTION app_current_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

-- The active organization, but only if the acting user is a member of it. A
-- forged app.org_id (an API bug) therefore matches no row. SECURITY DEFINER so
-- the membership lookup is not itself filtered by the memberships policies
-- (which call this function: that would recurse).
CREATE FUNCTION app_current_org_id() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT m."org_id"
      FROM "memberships" m
     WHERE m."org_id" = nullif(current_setting('app.org_id', true), '')::uuid
       AND m."user_id" = nullif(current_setting('app.user_id', true), '')::uuid
  $$;
REVOKE ALL ON FUNCTION app_current_org_id() FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO app_user;
GRANT EXECUTE ON FUNCTION app_current_user_id(), app_current_org_id() TO app_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "organizations", "memberships" TO app_user;

ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "organizations" FORCE ROW LEVEL SECURITY;
-- memberships is enabled but not forced: app_current_org_id() runs as the table
-- owner and must read it unfiltered. app_user is still bound by its policies.
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;

-- Memberships: everything inside the active organization; plus a user's own
-- memberships (the organization switcher lists them without an active org).
CREATE POLICY memberships_tenant ON "memberships"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
CREATE POLICY memberships_own_read ON "memberships" FOR SELECT
  USING ("user_id" = (SELECT app_current_user_id()));

-- Organizations: the active organization; plus read access to the ones the user belongs to.
CREATE POLICY organizations_tenant ON "organizations"
  USING ("id" = (SELECT app_current_org_id()))
  WITH CHECK ("id" = (SELECT app_current_org_id()));
CREATE POLICY organizations_member_read ON "organizations" FOR SELECT
  USING ("id" IN (SELECT m."org_id" FROM "memberships" m WHERE m."user_id" = (SELECT app_current_user_id())));

-- Users: yourself (read/write), and read access to members of the active organization.
CREATE POLICY users_self ON "users"
  USING ("id" = (SELECT app_current_user_id()))
  WITH CHECK ("id" = (SELECT app_current_user_id()));
CREATE POLICY users_same_org_read ON "users" FOR SELECT
  USING ("id" IN (SELECT m."user_id" FROM "memberships" m WHERE m."org_id" = (SELECT app_current_org_id())));
