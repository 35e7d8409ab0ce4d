-- CreateEnum
CREATE TYPE "email_token_purpose" AS ENUM ('verify_email', 'reset_password');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "email_verified_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "email_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "purpose" "email_token_purpose" NOT NULL,
    "email" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "email_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "email_tokens_token_hash_key" ON "email_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "email_tokens_user_id_purpose_created_at_idx" ON "email_tokens"("user_id", "purpose", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "email_tokens" ADD CONSTRAINT "email_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Existing accounts ────────────────────────────────────────────────────────
-- Accounts created through a provider that verified the email (Google, OIDC) count as verified.
-- Password accounts made before verification existed stay unverified until their owner proves
-- the email (a verification or reset link): they may have been pre-registered by someone else.
UPDATE "users" u SET "email_verified_at" = u."created_at"
 WHERE u."password_hash" IS NULL
   AND EXISTS (SELECT 1 FROM "oauth_accounts" a WHERE a."user_id" = u."id" AND a."provider" IN ('google', 'oidc'));

-- ─── Integrity ────────────────────────────────────────────────────────────────
ALTER TABLE "email_tokens"
  ADD CONSTRAINT "email_tokens_expiry_after_creation" CHECK ("expires_at" > "created_at"),
  ADD CONSTRAINT "email_tokens_hash_is_sha256" CHECK ("token_hash" ~ '^[0-9a-f]{64}$');

-- ─── Row-level security ───────────────────────────────────────────────────────
-- A user issues (and spends) their own links. Looking a link up by its token happens before an
-- identity exists: app_claim_email_token below.
GRANT SELECT, INSERT, UPDATE ON "email_tokens" TO app_user;
ALTER TABLE "email_tokens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "email_tokens" FORCE ROW LEVEL SECURITY;
CREATE POLICY email_tokens_own ON "email_tokens"
  USING ("user_id" = (SELECT app_current_user_id()))
  WITH CHECK ("user_id" = (SELECT app_current_user_id()));
GRANT SELECT, UPDATE ON "email_tokens" TO app_maintenance;

-- ─── Definer functions ────────────────────────────────────────────────────────
-- Sign-in, sign-up, reset and OAuth decisions need to know whether the email is verified.
DROP FUNCTION app_find_credentials(text);
CREATE FUNCTION app_find_credentials(p_email text)
  RETURNS TABLE (user_id uuid, password_hash text, email_verified boolean)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT u."id", u."password_hash", u."email_verified_at" IS NOT NULL FROM "users" u WHERE u."email" = p_email $$;

-- Spends a link: when the token is unused, unexpired, of this purpose and the account still has
-- the address it was sent to, marks it used and makes its user the acting user of the rest of
-- the transaction (app.user_id). No row otherwise.
CREATE FUNCTION app_claim_email_token(p_token_hash text, p_purpose email_token_purpose)
  RETURNS TABLE (user_id uuid, email text)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_token record;
BEGIN
  UPDATE "email_tokens" t SET "used_at" = now()
    FROM "users" u
   WHERE t."token_hash" = p_token_hash AND t."purpose" = p_purpose AND t."used_at" IS NULL
     AND t."expires_at" > now() AND u."id" = t."user_id" AND u."email" = t."email"
  RETURNING t."user_id", t."email" INTO v_token;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM set_config('app.user_id', v_token."user_id"::text, true);
  user_id := v_token."user_id";
  email := v_token."email";
  RETURN NEXT;
END
$$;

-- Invitations are accepted only by a verified email that matches them: outcome 'unverified' for
-- an account that has not proved its email (nothing is claimed).
CREATE OR REPLACE FUNCTION app_accept_invitation(p_token_hash text)
  RETURNS TABLE (invitation_id uuid, org_id uuid, role membership_role, outcome text)
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_user uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  v_inv record;
  v_email text;
  v_verified boolean;
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
  SELECT u."email", u."email_verified_at" IS NOT NULL INTO v_email, v_verified FROM "users" u WHERE u."id" = v_user;
  IF v_email IS DISTINCT FROM v_inv."email" THEN
    RETURN QUERY SELECT v_inv."id", v_inv."org_id", NULL::membership_role, 'wrong_email'::text;
    RETURN;
  END IF;
  IF NOT v_verified THEN
    RETURN QUERY SELECT v_inv."id", v_inv."org_id", NULL::membership_role, 'unverified'::text;
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

ALTER FUNCTION app_find_credentials(text) OWNER TO app_maintenance;
ALTER FUNCTION app_claim_email_token(text, email_token_purpose) OWNER TO app_maintenance;
REVOKE ALL ON FUNCTION app_find_credentials(text), app_claim_email_token(text, email_token_purpose) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_find_credentials(text), app_claim_email_token(text, email_token_purpose) TO app_user;
