-- Billing and the ledger (README "Billing and the ledger"; services in apps/api/src/billing/).
-- Money is integer minor units (bigint) of an ISO 4217 currency (char(3), upper case).
-- retainers hold a retainer's identity; its terms are INSERT-only versions (retainer_versions).
-- invoices/invoice_lines/payments/refunds are the documents; ledger_accounts/journal_entries/
-- journal_lines are an immutable double-entry ledger whose entries sum to zero per currency,
-- checked at COMMIT by a deferred constraint trigger. Balances are derived from journal_lines.
-- References to clients and projects are NO ACTION: a client or project with billing history is
-- never purged (the trash purge skips them), while deleting a whole organization still cascades.

-- CreateEnum
CREATE TYPE "retainer_status" AS ENUM ('trialing', 'active', 'past_due', 'paused', 'canceled');

-- CreateEnum
CREATE TYPE "billing_interval" AS ENUM ('month', 'quarter', 'year');

-- CreateEnum
CREATE TYPE "discount_kind" AS ENUM ('percent', 'amount');

-- CreateEnum
CREATE TYPE "discount_duration" AS ENUM ('once', 'repeating', 'forever');

-- CreateEnum
CREATE TYPE "invoice_status" AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');

-- CreateEnum
CREATE TYPE "payment_method" AS ENUM ('bank_transfer', 'stripe', 'other');

-- CreateEnum
CREATE TYPE "ledger_account_kind" AS ENUM ('accounts_receivable', 'revenue', 'tax_payable', 'cash', 'refunds', 'stripe_fees', 'write_offs');

-- CreateEnum
CREATE TYPE "journal_entry_kind" AS ENUM ('invoice_issued', 'invoice_voided', 'payment', 'refund', 'write_off', 'stripe_fee', 'adjustment');

-- CreateTable
CREATE TABLE "retainers" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "stripe_subscription_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "retainers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retainer_versions" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "retainer_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "retainer_status" NOT NULL,
    "unit_amount" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "interval" "billing_interval" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "discount_kind" "discount_kind",
    "discount_percent_bp" INTEGER,
    "discount_amount" BIGINT,
    "discount_duration" "discount_duration",
    "discount_months" INTEGER,
    "discount_starts_at" TIMESTAMPTZ(3),
    "trial_ends_at" TIMESTAMPTZ(3),
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "created_by" UUID,
    "reason" TEXT,

    CONSTRAINT "retainer_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_number_sequences" (
    "org_id" UUID NOT NULL,
    "last_number" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "invoice_number_sequences_pkey" PRIMARY KEY ("org_id")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "retainer_id" UUID,
    "number" TEXT,
    "currency" CHAR(3) NOT NULL,
    "status" "invoice_status" NOT NULL DEFAULT 'draft',
    "memo" TEXT NOT NULL DEFAULT '',
    "subtotal" BIGINT NOT NULL DEFAULT 0,
    "tax" BIGINT NOT NULL DEFAULT 0,
    "total" BIGINT NOT NULL DEFAULT 0,
    "amount_paid" BIGINT NOT NULL DEFAULT 0,
    "amount_refunded" BIGINT NOT NULL DEFAULT 0,
    "amount_written_off" BIGINT NOT NULL DEFAULT 0,
    "issued_at" TIMESTAMPTZ(3),
    "due_at" TIMESTAMPTZ(3),
    "paid_at" TIMESTAMPTZ(3),
    "voided_at" TIMESTAMPTZ(3),
    "marked_uncollectible_at" TIMESTAMPTZ(3),
    "period_start" TIMESTAMPTZ(3),
    "period_end" TIMESTAMPTZ(3),
    "stripe_invoice_id" TEXT,
    "hosted_url" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_lines" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_amount" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "project_id" UUID,
    "retainer_id" UUID,
    "period_start" TIMESTAMPTZ(3),
    "period_end" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "client_id" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "method" "payment_method" NOT NULL,
    "external_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "amount_refunded" BIGINT NOT NULL DEFAULT 0,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT,
    "external_id" TEXT,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_accounts" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "kind" "ledger_account_kind" NOT NULL,
    "client_id" UUID,
    "currency" CHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "journal_entries" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "kind" "journal_entry_kind" NOT NULL,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "memo" TEXT NOT NULL DEFAULT '',
    "client_id" UUID,
    "invoice_id" UUID,
    "payment_id" UUID,
    "refund_id" UUID,
    "reverses_id" UUID,
    "external_ref" TEXT,
    "created_by" UUID,

    CONSTRAINT "journal_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "journal_lines" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "journal_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "retainers_org_id_client_id_created_at_id_idx" ON "retainers"("org_id", "client_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "retainers_org_id_created_at_id_idx" ON "retainers"("org_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "retainers_org_id_id_key" ON "retainers"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "retainers_org_id_stripe_subscription_id_key" ON "retainers"("org_id", "stripe_subscription_id");

-- CreateIndex
CREATE INDEX "retainer_versions_org_id_retainer_id_effective_at_recorded__idx" ON "retainer_versions"("org_id", "retainer_id", "effective_at" DESC, "recorded_at" DESC, "version" DESC);

-- CreateIndex
CREATE INDEX "retainer_versions_org_id_effective_at_idx" ON "retainer_versions"("org_id", "effective_at");

-- CreateIndex
CREATE UNIQUE INDEX "retainer_versions_retainer_id_version_key" ON "retainer_versions"("retainer_id", "version");

-- CreateIndex
CREATE INDEX "invoices_org_id_created_at_id_idx" ON "invoices"("org_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "invoices_org_id_status_created_at_id_idx" ON "invoices"("org_id", "status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "invoices_org_id_client_id_created_at_id_idx" ON "invoices"("org_id", "client_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "invoices_org_id_retainer_id_period_start_idx" ON "invoices"("org_id", "retainer_id", "period_start");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_org_id_id_key" ON "invoices"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_org_id_number_key" ON "invoices"("org_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_org_id_stripe_invoice_id_key" ON "invoices"("org_id", "stripe_invoice_id");

-- CreateIndex
CREATE INDEX "invoice_lines_org_id_invoice_id_idx" ON "invoice_lines"("org_id", "invoice_id");

-- CreateIndex
CREATE INDEX "invoice_lines_org_id_project_id_idx" ON "invoice_lines"("org_id", "project_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_lines_invoice_id_position_key" ON "invoice_lines"("invoice_id", "position");

-- CreateIndex
CREATE INDEX "payments_org_id_invoice_id_received_at_idx" ON "payments"("org_id", "invoice_id", "received_at");

-- CreateIndex
CREATE INDEX "payments_org_id_client_id_received_at_idx" ON "payments"("org_id", "client_id", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "payments_org_id_id_key" ON "payments"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_org_id_external_id_key" ON "payments"("org_id", "external_id");

-- CreateIndex
CREATE INDEX "refunds_org_id_payment_id_idx" ON "refunds"("org_id", "payment_id");

-- CreateIndex
CREATE INDEX "refunds_org_id_invoice_id_idx" ON "refunds"("org_id", "invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_org_id_external_id_key" ON "refunds"("org_id", "external_id");

-- CreateIndex
CREATE INDEX "ledger_accounts_org_id_kind_currency_idx" ON "ledger_accounts"("org_id", "kind", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_org_id_id_key" ON "ledger_accounts"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_org_id_id_currency_key" ON "ledger_accounts"("org_id", "id", "currency");

-- CreateIndex
CREATE INDEX "journal_entries_org_id_effective_at_id_idx" ON "journal_entries"("org_id", "effective_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "journal_entries_org_id_invoice_id_idx" ON "journal_entries"("org_id", "invoice_id");

-- CreateIndex
CREATE INDEX "journal_entries_org_id_client_id_idx" ON "journal_entries"("org_id", "client_id");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_org_id_id_key" ON "journal_entries"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_org_id_external_ref_key" ON "journal_entries"("org_id", "external_ref");

-- CreateIndex
CREATE INDEX "journal_lines_org_id_entry_id_idx" ON "journal_lines"("org_id", "entry_id");

-- CreateIndex
CREATE INDEX "journal_lines_org_id_account_id_idx" ON "journal_lines"("org_id", "account_id");

-- AddForeignKey
ALTER TABLE "retainers" ADD CONSTRAINT "retainers_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retainers" ADD CONSTRAINT "retainers_org_id_client_id_fkey" FOREIGN KEY ("org_id", "client_id") REFERENCES "clients"("org_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retainer_versions" ADD CONSTRAINT "retainer_versions_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retainer_versions" ADD CONSTRAINT "retainer_versions_org_id_retainer_id_fkey" FOREIGN KEY ("org_id", "retainer_id") REFERENCES "retainers"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_number_sequences" ADD CONSTRAINT "invoice_number_sequences_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_client_id_fkey" FOREIGN KEY ("org_id", "client_id") REFERENCES "clients"("org_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_retainer_id_fkey" FOREIGN KEY ("org_id", "retainer_id") REFERENCES "retainers"("org_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_org_id_invoice_id_fkey" FOREIGN KEY ("org_id", "invoice_id") REFERENCES "invoices"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_org_id_project_id_fkey" FOREIGN KEY ("org_id", "project_id") REFERENCES "projects"("org_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_org_id_retainer_id_fkey" FOREIGN KEY ("org_id", "retainer_id") REFERENCES "retainers"("org_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_invoice_id_fkey" FOREIGN KEY ("org_id", "invoice_id") REFERENCES "invoices"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_client_id_fkey" FOREIGN KEY ("org_id", "client_id") REFERENCES "clients"("org_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_org_id_payment_id_fkey" FOREIGN KEY ("org_id", "payment_id") REFERENCES "payments"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_org_id_invoice_id_fkey" FOREIGN KEY ("org_id", "invoice_id") REFERENCES "invoices"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_org_id_client_id_fkey" FOREIGN KEY ("org_id", "client_id") REFERENCES "clients"("org_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_org_id_entry_id_fkey" FOREIGN KEY ("org_id", "entry_id") REFERENCES "journal_entries"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_org_id_account_id_currency_fkey" FOREIGN KEY ("org_id", "account_id", "currency") REFERENCES "ledger_accounts"("org_id", "id", "currency") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Integrity ────────────────────────────────────────────────────────────────
-- Money bounds: |amount| ≤ 2^53 − 1, so every amount survives a JSON number on the wire.
ALTER TABLE "retainers"
  ADD CONSTRAINT "retainers_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "retainers_name_length" CHECK (length("name") BETWEEN 1 AND 200),
  ADD CONSTRAINT "retainers_version_positive" CHECK ("version" >= 1);
ALTER TABLE "retainer_versions"
  ADD CONSTRAINT "retainer_versions_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "retainer_versions_version_positive" CHECK ("version" >= 1),
  ADD CONSTRAINT "retainer_versions_unit_amount" CHECK ("unit_amount" BETWEEN 0 AND 9007199254740991),
  ADD CONSTRAINT "retainer_versions_quantity" CHECK ("quantity" BETWEEN 1 AND 1000000),
  ADD CONSTRAINT "retainer_versions_discount_shape" CHECK (
    ("discount_kind" IS NULL AND "discount_percent_bp" IS NULL AND "discount_amount" IS NULL
       AND "discount_duration" IS NULL AND "discount_months" IS NULL)
    OR ("discount_kind" = 'percent' AND "discount_percent_bp" BETWEEN 1 AND 10000 AND "discount_amount" IS NULL
       AND "discount_duration" IS NOT NULL)
    OR ("discount_kind" = 'amount' AND "discount_amount" BETWEEN 1 AND 9007199254740991 AND "discount_percent_bp" IS NULL
       AND "discount_duration" IS NOT NULL)),
  ADD CONSTRAINT "retainer_versions_discount_months" CHECK (
    ("discount_duration" = 'repeating') = ("discount_months" IS NOT NULL)
    AND ("discount_months" IS NULL OR "discount_months" BETWEEN 1 AND 120)),
  ADD CONSTRAINT "retainer_versions_ends_after_start" CHECK ("ends_at" IS NULL OR "ends_at" > "starts_at"),
  ADD CONSTRAINT "retainer_versions_reason_length" CHECK (length("reason") <= 500);
ALTER TABLE "invoices"
  ADD CONSTRAINT "invoices_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "invoices_memo_length" CHECK (length("memo") <= 2000),
  ADD CONSTRAINT "invoices_amounts" CHECK (
    "subtotal" BETWEEN 0 AND 9007199254740991 AND "tax" BETWEEN 0 AND 9007199254740991
    AND "total" = "subtotal" + "tax" AND "total" <= 9007199254740991
    AND "amount_paid" BETWEEN 0 AND "total"
    AND "amount_refunded" BETWEEN 0 AND "amount_paid"
    AND "amount_written_off" BETWEEN 0 AND "total" - "amount_paid"),
  ADD CONSTRAINT "invoices_number_when_issued" CHECK (("status" = 'draft') = ("number" IS NULL)),
  ADD CONSTRAINT "invoices_issued_at_when_issued" CHECK (("status" = 'draft') = ("issued_at" IS NULL)),
  ADD CONSTRAINT "invoices_paid_state" CHECK (("status" = 'paid') = ("paid_at" IS NOT NULL) AND ("status" <> 'paid' OR "amount_paid" = "total")),
  ADD CONSTRAINT "invoices_void_state" CHECK (("status" = 'void') = ("voided_at" IS NOT NULL)),
  ADD CONSTRAINT "invoices_period" CHECK (("period_start" IS NULL) = ("period_end" IS NULL) AND ("period_end" IS NULL OR "period_end" > "period_start")),
  ADD CONSTRAINT "invoices_version_positive" CHECK ("version" >= 1);
ALTER TABLE "invoice_lines"
  ADD CONSTRAINT "invoice_lines_description_length" CHECK (length("description") BETWEEN 1 AND 500),
  ADD CONSTRAINT "invoice_lines_quantity" CHECK ("quantity" BETWEEN 1 AND 1000000),
  ADD CONSTRAINT "invoice_lines_amounts" CHECK (
    abs("unit_amount") <= 9007199254740991 AND abs("amount") <= 9007199254740991
    AND "amount" = "unit_amount" * "quantity"),
  ADD CONSTRAINT "invoice_lines_position" CHECK ("position" >= 0);
ALTER TABLE "payments"
  ADD CONSTRAINT "payments_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "payments_amount" CHECK ("amount" BETWEEN 1 AND 9007199254740991),
  ADD CONSTRAINT "payments_refunded" CHECK ("amount_refunded" BETWEEN 0 AND "amount"),
  ADD CONSTRAINT "payments_external_id_length" CHECK (length("external_id") BETWEEN 1 AND 255);
ALTER TABLE "refunds"
  ADD CONSTRAINT "refunds_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "refunds_amount" CHECK ("amount" BETWEEN 1 AND 9007199254740991),
  ADD CONSTRAINT "refunds_external_id_length" CHECK (length("external_id") BETWEEN 1 AND 255),
  ADD CONSTRAINT "refunds_reason_length" CHECK (length("reason") <= 500);
ALTER TABLE "ledger_accounts"
  ADD CONSTRAINT "ledger_accounts_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "ledger_accounts_client_only_for_receivable" CHECK (("kind" = 'accounts_receivable') = ("client_id" IS NOT NULL));
ALTER TABLE "journal_entries"
  ADD CONSTRAINT "journal_entries_memo_length" CHECK (length("memo") <= 500),
  ADD CONSTRAINT "journal_entries_external_ref_length" CHECK (length("external_ref") BETWEEN 1 AND 255);
ALTER TABLE "journal_lines"
  ADD CONSTRAINT "journal_lines_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "journal_lines_amount" CHECK ("amount" <> 0 AND abs("amount") <= 9007199254740991);

-- One receivable account per (client, currency); one account per (kind, currency) otherwise.
CREATE UNIQUE INDEX "ledger_accounts_receivable_key" ON "ledger_accounts" ("org_id", "client_id", "currency")
  WHERE "kind" = 'accounts_receivable';
CREATE UNIQUE INDEX "ledger_accounts_kind_currency_key" ON "ledger_accounts" ("org_id", "kind", "currency")
  WHERE "kind" <> 'accounts_receivable';
-- A retainer is billed once per period (a voided invoice frees its period).
CREATE UNIQUE INDEX "invoices_retainer_period_key" ON "invoices" ("org_id", "retainer_id", "period_start")
  WHERE "retainer_id" IS NOT NULL AND "period_start" IS NOT NULL AND "status" <> 'void';

-- A retainer version repeats its retainer's client and currency (denormalised for revenue queries).
CREATE FUNCTION retainer_versions_match_retainer() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  r record;
BEGIN
  SELECT "client_id", "currency" INTO r FROM "retainers" WHERE "id" = NEW."retainer_id" AND "org_id" = NEW."org_id";
  IF NOT FOUND OR r."client_id" <> NEW."client_id" OR r."currency" <> NEW."currency" THEN
    RAISE EXCEPTION 'retainer_versions: client and currency must be the retainer''s' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER retainer_versions_match_retainer
  BEFORE INSERT ON "retainer_versions"
  FOR EACH ROW EXECUTE FUNCTION retainer_versions_match_retainer();

-- An invoice's lines change only while it is a draft.
CREATE FUNCTION invoice_lines_only_on_draft() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_status invoice_status;
  v_invoice uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."invoice_id" ELSE NEW."invoice_id" END;
BEGIN
  SELECT "status" INTO v_status FROM "invoices" WHERE "id" = v_invoice;
  -- The invoice itself is being deleted (an organization's cascade): nothing to protect.
  IF NOT FOUND THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF v_status <> 'draft' THEN
    RAISE EXCEPTION 'invoice_lines: the invoice is % — lines change only on a draft', v_status
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER invoice_lines_only_on_draft
  BEFORE INSERT OR UPDATE OR DELETE ON "invoice_lines"
  FOR EACH ROW EXECUTE FUNCTION invoice_lines_only_on_draft();

-- ─── History is never overwritten ─────────────────────────────────────────────
-- retainer_versions, journal_entries, journal_lines and refunds are INSERT-only for every role.
-- The one DELETE allowed is the cascade of deleting a whole organization (its row is gone).
CREATE FUNCTION billing_history_refuse_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM "organizations" WHERE "id" = OLD."org_id") THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER retainer_versions_append_only BEFORE UPDATE OR DELETE ON "retainer_versions"
  FOR EACH ROW EXECUTE FUNCTION billing_history_refuse_change();
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON "journal_entries"
  FOR EACH ROW EXECUTE FUNCTION billing_history_refuse_change();
CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON "journal_lines"
  FOR EACH ROW EXECUTE FUNCTION billing_history_refuse_change();
CREATE TRIGGER refunds_append_only BEFORE UPDATE OR DELETE ON "refunds"
  FOR EACH ROW EXECUTE FUNCTION billing_history_refuse_change();
CREATE FUNCTION billing_history_refuse_truncate() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: TRUNCATE is not allowed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER retainer_versions_no_truncate BEFORE TRUNCATE ON "retainer_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION billing_history_refuse_truncate();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON "journal_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION billing_history_refuse_truncate();
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON "journal_lines"
  FOR EACH STATEMENT EXECUTE FUNCTION billing_history_refuse_truncate();
CREATE TRIGGER refunds_no_truncate BEFORE TRUNCATE ON "refunds"
  FOR EACH STATEMENT EXECUTE FUNCTION billing_history_refuse_truncate();

-- ─── Every entry balances, checked at COMMIT ──────────────────────────────────
-- A DEFERRABLE INITIALLY DEFERRED constraint trigger: an entry's lines may be inserted one by
-- one, but when the transaction commits every entry it touched must have at least two lines
-- summing to zero in each currency; otherwise the whole transaction (document change, audit
-- entry and all) is rolled back. SECURITY DEFINER so the check sees every line of the entry
-- whatever the caller's row-level security.
CREATE FUNCTION journal_entry_assert_balanced(v_entry uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  v_lines int;
  v_currency text;
  v_sum numeric;
BEGIN
  -- Gone again in the same transaction (an organization deleted): nothing left to balance.
  IF NOT EXISTS (SELECT 1 FROM "journal_entries" WHERE "id" = v_entry) THEN
    RETURN;
  END IF;
  SELECT count(*) INTO v_lines FROM "journal_lines" WHERE "entry_id" = v_entry;
  IF v_lines < 2 THEN
    RAISE EXCEPTION 'journal entry % has % line(s); a balanced entry needs at least two', v_entry, v_lines
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced';
  END IF;
  SELECT "currency", sum("amount") INTO v_currency, v_sum FROM "journal_lines"
   WHERE "entry_id" = v_entry GROUP BY "currency" HAVING sum("amount") <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance: its % lines sum to %', v_entry, v_currency, v_sum
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced';
  END IF;
END
$$;
CREATE FUNCTION journal_entries_check_balanced() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM journal_entry_assert_balanced(NEW."id");
  RETURN NULL;
END
$$;
CREATE FUNCTION journal_lines_check_balanced() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM journal_entry_assert_balanced(NEW."entry_id");
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER journal_entries_balanced
  AFTER INSERT ON "journal_entries"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_entries_check_balanced();
CREATE CONSTRAINT TRIGGER journal_lines_balanced
  AFTER INSERT ON "journal_lines"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_lines_check_balanced();

-- ─── Row-level security ───────────────────────────────────────────────────────
-- app_user: history tables are SELECT + INSERT only; documents are also UPDATEd (status,
-- amounts, under a row lock in the service); nothing is DELETEd except a draft's lines.
GRANT SELECT, INSERT, UPDATE ON "retainers", "invoices", "payments", "invoice_number_sequences" TO app_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON "invoice_lines" TO app_user;
GRANT SELECT, INSERT ON "retainer_versions", "refunds", "ledger_accounts", "journal_entries", "journal_lines" TO app_user;
ALTER TABLE "retainers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "retainers" FORCE ROW LEVEL SECURITY;
CREATE POLICY retainers_tenant ON "retainers"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "retainer_versions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "retainer_versions" FORCE ROW LEVEL SECURITY;
CREATE POLICY retainer_versions_tenant ON "retainer_versions"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "invoice_number_sequences" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "invoice_number_sequences" FORCE ROW LEVEL SECURITY;
CREATE POLICY invoice_number_sequences_tenant ON "invoice_number_sequences"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "invoices" FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant ON "invoices"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "invoice_lines" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "invoice_lines" FORCE ROW LEVEL SECURITY;
CREATE POLICY invoice_lines_tenant ON "invoice_lines"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "payments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "payments" FORCE ROW LEVEL SECURITY;
CREATE POLICY payments_tenant ON "payments"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "refunds" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "refunds" FORCE ROW LEVEL SECURITY;
CREATE POLICY refunds_tenant ON "refunds"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "ledger_accounts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ledger_accounts" FORCE ROW LEVEL SECURITY;
CREATE POLICY ledger_accounts_tenant ON "ledger_accounts"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "journal_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "journal_entries" FORCE ROW LEVEL SECURITY;
CREATE POLICY journal_entries_tenant ON "journal_entries"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
ALTER TABLE "journal_lines" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "journal_lines" FORCE ROW LEVEL SECURITY;
CREATE POLICY journal_lines_tenant ON "journal_lines"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));

-- The trash purge (app_maintenance) skips clients and projects that billing documents refer to.
GRANT SELECT ON "retainers", "invoices", "invoice_lines", "payments", "ledger_accounts" TO app_maintenance;
