-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "base_currency" CHAR(3) NOT NULL DEFAULT 'USD';

-- CreateTable
CREATE TABLE "exchange_rates" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "day" DATE NOT NULL,
    "rate" DECIMAL(24,12) NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "exchange_rates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "exchange_rates_org_id_currency_day_key" ON "exchange_rates"("org_id", "currency", "day");

-- CreateIndex
CREATE UNIQUE INDEX "exchange_rates_org_id_id_key" ON "exchange_rates"("org_id", "id");

-- AddForeignKey
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Integrity ────────────────────────────────────────────────────────────────
-- Revenue (apps/api/src/revenue): the organization's reporting currency and the rates it records.
ALTER TABLE "organizations"
  ADD CONSTRAINT "organizations_base_currency_iso" CHECK ("base_currency" ~ '^[A-Z]{3}$');
ALTER TABLE "exchange_rates"
  ADD CONSTRAINT "exchange_rates_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "exchange_rates_rate_positive" CHECK ("rate" > 0),
  ADD CONSTRAINT "exchange_rates_day_sane" CHECK ("day" BETWEEN DATE '1970-01-01' AND DATE '2200-12-31');

-- ─── Row-level security ───────────────────────────────────────────────────────
-- Admins record rates (the API checks org:update); revenue:read holders read them.
GRANT SELECT, INSERT, UPDATE, DELETE ON "exchange_rates" TO app_user;
ALTER TABLE "exchange_rates" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "exchange_rates" FORCE ROW LEVEL SECURITY;
CREATE POLICY exchange_rates_tenant ON "exchange_rates"
  USING ("org_id" = (SELECT app_current_org_id()))
  WITH CHECK ("org_id" = (SELECT app_current_org_id()));
