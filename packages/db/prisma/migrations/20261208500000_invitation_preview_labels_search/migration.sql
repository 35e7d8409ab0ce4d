-- ─── Invitation preview ───────────────────────────────────────────────────────
-- The invitation page names the organization, the inviter and the role before anyone accepts.
-- The invitee is not a member, so RLS hides the invitation and the organization: this function
-- looks the link up by its token hash with app_maintenance's rights and returns only what the
-- invitation email already said (organization name, inviter's display name, role) plus its
-- expiry and state. An unknown or revoked link, or one of a deleted organization, returns no row.
-- No ids, emails or other members leave it. The API rate-limits the callers (limit "auth").
CREATE FUNCTION app_preview_invitation(p_token_hash text)
  RETURNS TABLE (org_name text, inviter_name text, role membership_role, expires_at timestamptz, state text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
  SELECT o."name", u."name", i."role", i."expires_at",
         CASE WHEN i."accepted_at" IS NOT NULL THEN 'accepted'
              WHEN i."expires_at" <= now() THEN 'expired'
              ELSE 'pending' END
    FROM "invitations" i
    JOIN "organizations" o ON o."id" = i."org_id" AND o."deleted_at" IS NULL
    LEFT JOIN "users" u ON u."id" = i."invited_by_id"
   WHERE i."token_hash" = p_token_hash AND i."revoked_at" IS NULL
$$;

ALTER FUNCTION app_preview_invitation(text) OWNER TO app_maintenance;
REVOKE ALL ON FUNCTION app_preview_invitation(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_preview_invitation(text) TO app_user;

-- ─── Labels: one spelling per label ───────────────────────────────────────────
-- The API stores labels trimmed, lower-case, inner whitespace collapsed and without duplicates
-- (packages/validators taskLabelSchema). Rows written before that rule (or by hand) are brought
-- to the same form here, keeping the first occurrence's order; empty labels are dropped. The
-- version is bumped so an editor holding the old labels meets a conflict instead of silently
-- writing them back. The live-board trigger is paused: this is no user's edit.
CREATE FUNCTION app_normalised_labels(p_labels text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp
  AS $$
  SELECT coalesce(array_agg(d.label ORDER BY d.first_at), ARRAY[]::text[])
    FROM (SELECT s.label, min(s.at) AS first_at
            FROM (SELECT lower(regexp_replace(btrim(u.raw), '\s+', ' ', 'g')) AS label, u.at
                    FROM unnest(p_labels) WITH ORDINALITY AS u(raw, at)) s
           WHERE s.label <> ''
           GROUP BY s.label) d
$$;

ALTER TABLE "tasks" DISABLE TRIGGER "tasks_board_events";
UPDATE "tasks"
   SET "labels" = app_normalised_labels("labels"), "version" = "version" + 1
 WHERE "labels" IS DISTINCT FROM app_normalised_labels("labels");
ALTER TABLE "tasks" ENABLE TRIGGER "tasks_board_events";

-- ─── Search by client and project names ───────────────────────────────────────
-- A task search also matches tasks whose project or client name contains the term: the API
-- first finds the matching projects (a small set) and then keeps tasks whose project is among
-- them, beside the trigram title/description match — each part index-served. These trigram
-- indexes serve the name matches (through the search views below, for the same RLS reason as
-- tasks_search in …_task_search_view).
CREATE INDEX "projects_name_trgm_idx" ON "projects" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "clients_name_trgm_idx" ON "clients" USING GIN ("name" gin_trgm_ops);

CREATE VIEW "projects_search" AS
  SELECT p.* FROM "projects" p WHERE p."org_id" = (SELECT app_current_org_id());
CREATE VIEW "clients_search" AS
  SELECT c.* FROM "clients" c WHERE c."org_id" = (SELECT app_current_org_id());
ALTER VIEW "projects_search" OWNER TO app_maintenance;
ALTER VIEW "clients_search" OWNER TO app_maintenance;
REVOKE ALL ON "projects_search", "clients_search" FROM PUBLIC;
GRANT SELECT ON "projects_search", "clients_search" TO app_user;
