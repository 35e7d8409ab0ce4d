-- Scheduled period invoicing for retainers Stripe does not bill (the worker's hourly
-- `billing.retainer-invoices`, apps/api/src/billing/scheduled-invoices.ts). No table changes.
--
-- The job works across organizations in two steps:
-- 1. as app_maintenance (db.maintenance), it finds the live retainers whose current period has no
--    invoice yet — reading retainers, their terms (retainer_versions: the one new grant), invoices,
--    clients and organizations — and each organization's acting user (below);
-- 2. it issues each period's invoice in a tenant transaction of that retainer's organization
--    (db.tenant, app_user under RLS), through the same billing service as the button.
--
-- The acting user is the organization's "Billing automation" service user — the shape of the
-- Stripe connection's service user: users.kind 'service' (no password, never signs in, hidden from
-- member lists), a member of its organization so app_enter, RLS and the audit trail work as for any
-- caller, and every entry it writes names the system, not a person. Role 'member': it never passes
-- a permission check (it has no session and no key to call a procedure with); membership is all
-- RLS needs. Only app_maintenance may find or create it.
GRANT SELECT ON "retainer_versions" TO app_maintenance;

CREATE FUNCTION app_billing_service_user(p_org uuid) RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_email text := 'billing-' || p_org::text || '@automation.invalid';
  v_user uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "organizations" o WHERE o."id" = p_org AND o."deleted_at" IS NULL) THEN
    RAISE EXCEPTION 'app_billing_service_user: no such organization' USING ERRCODE = 'no_data_found';
  END IF;
  -- Two workers may ask at once: the unique email settles who inserts, both read the one row.
  INSERT INTO "users" ("id", "kind", "email", "name", "updated_at")
  VALUES (gen_random_uuid(), 'service', v_email, 'Billing automation', now())
  ON CONFLICT ("email") DO NOTHING;
  SELECT u."id" INTO v_user FROM "users" u WHERE u."email" = v_email AND u."kind" = 'service';
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'app_billing_service_user: % belongs to a person', v_email USING ERRCODE = 'unique_violation';
  END IF;
  INSERT INTO "memberships" ("id", "org_id", "user_id", "role", "updated_at")
  VALUES (gen_random_uuid(), p_org, v_user, 'member', now())
  ON CONFLICT ("org_id", "user_id") DO NOTHING;
  RETURN v_user;
END
$$;

ALTER FUNCTION app_billing_service_user(uuid) OWNER TO app_maintenance;
REVOKE ALL ON FUNCTION app_billing_service_user(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_billing_service_user(uuid) TO app_maintenance;
