-- Stripe per organization (issue 12, the stripe part): the connection (restricted key and webhook
-- signing secret sealed with apps/api/src/lib/secret-box.ts, key ids stored for rotation), the
-- client → Stripe customer map, and every verified webhook event (unique per org: a replay or a
-- concurrent duplicate inserts nothing and enqueues nothing).
--
-- The webhook route has no session. Each connection owns a service user (users.kind 'service', like
-- an API key's; hidden from member lists), a member of its organization: the route and the event
-- jobs enter the tenant boundary as that user (app_enter via db.tenant), so RLS, app_enqueue_job
-- and audit entries work as for any caller. Two SECURITY DEFINER functions reach across the
-- boundary, both owned by app_maintenance like app_create_api_key:
-- - app_stripe_service_user(): for an acting owner/admin of the active org, the org's Stripe
--   service user (created on first connect, reused after a disconnect);
-- - app_stripe_webhook_target(org): what the route needs BEFORE it knows the caller — the sealed
--   signing secret and the service user — and nothing else (never the API key).

-- CreateTable
CREATE TABLE "stripe_connections" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "account_id" TEXT NOT NULL,
    "account_name" TEXT,
    "livemode" BOOLEAN NOT NULL,
    "key_ciphertext" TEXT NOT NULL,
    "key_key_id" TEXT NOT NULL,
    "key_last4" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "webhook_secret_ciphertext" TEXT,
    "webhook_secret_key_id" TEXT,
    "webhook_secret_last4" TEXT,
    "webhook_secret_set_at" TIMESTAMPTZ(3),
    "service_user_id" UUID NOT NULL,
    "connected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "connected_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stripe_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_customers" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "stripe_customer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stripe_customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_events" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "object_id" TEXT,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "stripe_connections_org_id_key" ON "stripe_connections"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "stripe_customers_org_id_client_id_key" ON "stripe_customers"("org_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "stripe_customers_org_id_stripe_customer_id_key" ON "stripe_customers"("org_id", "stripe_customer_id");

-- CreateIndex
CREATE INDEX "stripe_events_org_id_received_at_idx" ON "stripe_events"("org_id", "received_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "stripe_events_org_id_event_id_key" ON "stripe_events"("org_id", "event_id");

-- AddForeignKey
ALTER TABLE "stripe_connections" ADD CONSTRAINT "stripe_connections_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_connections" ADD CONSTRAINT "stripe_connections_connected_by_id_fkey" FOREIGN KEY ("connected_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_connections" ADD CONSTRAINT "stripe_connections_service_user_id_fkey" FOREIGN KEY ("service_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_customers" ADD CONSTRAINT "stripe_customers_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_customers" ADD CONSTRAINT "stripe_customers_org_id_client_id_fkey" FOREIGN KEY ("org_id", "client_id") REFERENCES "clients"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Constraints Prisma does not model ────────────────────────────────────────
ALTER TABLE "stripe_connections"
  ADD CONSTRAINT "stripe_connections_account_id_format" CHECK ("account_id" ~ '^acct_[A-Za-z0-9]{1,64}$'),
  ADD CONSTRAINT "stripe_connections_key_last4" CHECK (char_length("key_last4") = 4),
  ADD CONSTRAINT "stripe_connections_key_prefix" CHECK ("key_prefix" IN ('rk_test', 'rk_live', 'sk_test', 'sk_live')),
  ADD CONSTRAINT "stripe_connections_webhook_secret_pair"
    CHECK (("webhook_secret_ciphertext" IS NULL) = ("webhook_secret_key_id" IS NULL));
ALTER TABLE "stripe_customers"
  ADD CONSTRAINT "stripe_customers_id_format" CHECK ("stripe_customer_id" ~ '^cus_[A-Za-z0-9]{1,255}$');
ALTER TABLE "stripe_events"
  ADD CONSTRAINT "stripe_events_id_format" CHECK ("event_id" ~ '^evt_[A-Za-z0-9_]{1,255}$'),
  ADD CONSTRAINT "stripe_events_type_length" CHECK (char_length("type") BETWEEN 1 AND 200),
  ADD CONSTRAINT "stripe_events_processed_outcome" CHECK (("processed_at" IS NULL) = ("outcome" IS NULL)),
  ADD CONSTRAINT "stripe_events_attempts" CHECK ("attempts" >= 0);
CREATE INDEX "stripe_events_unprocessed_idx" ON "stripe_events"("org_id", "received_at") WHERE "processed_at" IS NULL;

-- ─── Row-level security ───────────────────────────────────────────────────────
GRANT SELECT, INSERT, UPDATE, DELETE ON "stripe_connections", "stripe_customers" TO app_user;
GRANT SELECT, INSERT, UPDATE ON "stripe_events" TO app_user;
ALTER TABLE "stripe_connections" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stripe_connections" FORCE ROW LEVEL SECURITY;
CREATE POLICY stripe_connections_tenant ON "stripe_connections"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "stripe_customers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stripe_customers" FORCE ROW LEVEL SECURITY;
CREATE POLICY stripe_customers_tenant ON "stripe_customers"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "stripe_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stripe_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY stripe_events_tenant ON "stripe_events"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));

-- ─── The service user and the webhook's lookup ────────────────────────────────
GRANT SELECT ON "stripe_connections" TO app_maintenance;

CREATE FUNCTION app_stripe_service_user() RETURNS uuid
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_actor uuid := nullif(current_setting('app.user_id', true), '')::uuid;
  v_org uuid := nullif(current_setting('app.org_id', true), '')::uuid;
  v_role membership_role;
  v_email text;
  v_user uuid;
BEGIN
  IF v_actor IS NULL OR v_org IS NULL THEN
    RAISE EXCEPTION 'app_stripe_service_user needs an acting member of the active organization' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- An API key's service user counts with its membership's role (a key holding billing:manage is an owner's).
  SELECT m."role" INTO v_role FROM "memberships" m WHERE m."org_id" = v_org AND m."user_id" = v_actor;
  -- membership_role is declared owner, admin, member, viewer: a smaller value is a higher role.
  IF v_role IS NULL OR v_role > 'admin' THEN
    RAISE EXCEPTION 'only admins and owners connect Stripe' USING ERRCODE = 'insufficient_privilege';
  END IF;
  v_email := 'stripe-' || v_org::text || '@stripe.invalid';
  SELECT u."id" INTO v_user FROM "users" u WHERE u."email" = v_email AND u."kind" = 'service';
  IF v_user IS NULL THEN
    v_user := gen_random_uuid();
    INSERT INTO "users" ("id", "kind", "email", "name", "updated_at") VALUES (v_user, 'service', v_email, 'Stripe', now());
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "memberships" m WHERE m."org_id" = v_org AND m."user_id" = v_user) THEN
    INSERT INTO "memberships" ("id", "org_id", "user_id", "role", "updated_at")
    VALUES (gen_random_uuid(), v_org, v_user, 'admin', now());
  END IF;
  RETURN v_user;
END
$$;

CREATE FUNCTION app_stripe_webhook_target(p_org uuid)
  RETURNS TABLE (service_user_id uuid, webhook_secret_ciphertext text, webhook_secret_key_id text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT c."service_user_id", c."webhook_secret_ciphertext", c."webhook_secret_key_id"
      FROM "stripe_connections" c JOIN "organizations" o ON o."id" = c."org_id" AND o."deleted_at" IS NULL
     WHERE c."org_id" = p_org
  $$;

ALTER FUNCTION app_stripe_service_user() OWNER TO app_maintenance;
ALTER FUNCTION app_stripe_webhook_target(uuid) OWNER TO app_maintenance;
REVOKE ALL ON FUNCTION app_stripe_service_user(), app_stripe_webhook_target(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_stripe_service_user(), app_stripe_webhook_target(uuid) TO app_user;

-- ─── Job queues (README "Jobs → Adding a queue") ──────────────────────────────
-- stripe.event: apply one stored event (enqueued with its row by the webhook route);
-- stripe.sync: one outbound change to Stripe (customer, subscription, invoice, checkout).
SET ROLE app_jobs;
SELECT pgboss.create_queue('stripe.event.dead', '{"policy":"standard","retryLimit":0,"retentionSeconds":2592000,"deleteAfterSeconds":2592000}');
SELECT pgboss.create_queue('stripe.event', '{"policy":"standard","retryLimit":8,"retryDelay":5,"retryBackoff":true,"retryDelayMax":900,"expireInSeconds":120,"retentionSeconds":1209600,"deleteAfterSeconds":604800,"deadLetter":"stripe.event.dead"}');
SELECT pgboss.create_queue('stripe.sync.dead', '{"policy":"standard","retryLimit":0,"retentionSeconds":2592000,"deleteAfterSeconds":2592000}');
SELECT pgboss.create_queue('stripe.sync', '{"policy":"standard","retryLimit":8,"retryDelay":5,"retryBackoff":true,"retryDelayMax":900,"expireInSeconds":120,"retentionSeconds":1209600,"deleteAfterSeconds":604800,"deadLetter":"stripe.sync.dead"}');
RESET ROLE;

INSERT INTO "app_job_queues" ("name", "requires_org", "description") VALUES
  ('stripe.event', true, 'Apply one stored Stripe webhook event (stripe_events row) in one transaction'),
  ('stripe.sync', true, 'One outbound change to the organization''s Stripe account (customer, subscription, invoice, checkout)');
