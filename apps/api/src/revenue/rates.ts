import { sql } from "@agency/db";
import type {
  exchangeRateListSchema,
  exchangeRateSchema,
  listExchangeRatesInputSchema,
  revenueSettingsSchema,
  setExchangeRateInputSchema,
  updateRevenueSettingsInputSchema,
} from "@agency/validators";
import type { z } from "zod";
import { AppError } from "../errors/app-error";
import { audited } from "../services/audit";
import type { TenantScope } from "../services/scope";

type RateRow = { id: string; currency: string; day: string; rate: string; updated_at: Date };
type RateDto = z.input<typeof exchangeRateSchema>;

const toDto = (row: RateRow): RateDto => ({
  id: row.id,
  currency: row.currency,
  day: row.day,
  rate: row.rate,
  updatedAt: row.updated_at.toISOString(),
});

const RATE_COLUMNS = sql.raw(
  `id, currency, to_char(day, 'YYYY-MM-DD') AS day, trim_scale(rate)::text AS rate, updated_at`,
);

async function baseCurrencyOf(scope: TenantScope): Promise<string> {
  const org = await scope.sql.first(
    sql<{ base_currency: string }>`SELECT base_currency FROM organizations WHERE id = ${scope.org.id}`,
  );
  return org?.base_currency ?? "USD";
}

/** The organization's recorded rates, newest day first (at most 1,000: a few currencies × a few years of month ends). */
export async function listExchangeRates(
  scope: TenantScope,
  input: z.output<typeof listExchangeRatesInputSchema>,
): Promise<z.input<typeof exchangeRateListSchema>> {
  const rows = await scope.sql.all(
    sql<RateRow>`SELECT ${RATE_COLUMNS} FROM exchange_rates
      WHERE org_id = ${scope.org.id} ${input.currency ? sql`AND currency = ${input.currency}` : sql``}
      ORDER BY day DESC, currency LIMIT 1000`,
  );
  return { baseCurrency: await baseCurrencyOf(scope), items: rows.map(toDto) };
}

/** Records (or replaces) the rate of one currency on one day; audited in the same transaction. */
export async function setExchangeRate(
  scope: TenantScope,
  input: z.output<typeof setExchangeRateInputSchema>,
): Promise<RateDto> {
  const base = await baseCurrencyOf(scope);
  if (input.currency === base) {
    throw new AppError("VALIDATION_ERROR", `${base} is the base currency: its rate is always 1.`, {
      issues: [{ path: ["currency"], message: "Choose a currency other than the base currency", code: "custom" }],
    });
  }
  const previous = await scope.sql.first(
    sql<{ rate: string }>`SELECT trim_scale(rate)::text AS rate FROM exchange_rates
      WHERE org_id = ${scope.org.id} AND currency = ${input.currency} AND day = ${input.day}::date`,
  );
  const row = await scope.sql.first(
    sql<RateRow>`INSERT INTO exchange_rates (id, org_id, currency, day, rate, created_by_id, updated_at)
      VALUES (gen_random_uuid(), ${scope.org.id}, ${input.currency}, ${input.day}::date, ${input.rate}::numeric, ${scope.actor.userId}, now())
      ON CONFLICT (org_id, currency, day) DO UPDATE SET rate = EXCLUDED.rate, updated_at = now()
      RETURNING ${RATE_COLUMNS}`,
  );
  await audited(
    scope,
    "revenue.rate_set",
    { type: "exchange_rate", id: row!.id },
    { currency: input.currency, day: input.day, rate: row!.rate, previousRate: previous?.rate ?? null },
  );
  return toDto(row!);
}

/** Deletes the rate of one currency on one day (idempotent: `deleted: false` when there was none). */
export async function deleteExchangeRate(scope: TenantScope, input: { currency: string; day: string }) {
  const row = await scope.sql.first(
    sql<{ id: string; rate: string }>`DELETE FROM exchange_rates
      WHERE org_id = ${scope.org.id} AND currency = ${input.currency} AND day = ${input.day}::date
      RETURNING id, trim_scale(rate)::text AS rate`,
  );
  if (row) {
    await audited(scope, "revenue.rate_deleted", { type: "exchange_rate", id: row.id }, { ...input, rate: row.rate });
  }
  return { deleted: Boolean(row) };
}

export async function getRevenueSettings(scope: TenantScope): Promise<z.input<typeof revenueSettingsSchema>> {
  return { baseCurrency: await baseCurrencyOf(scope) };
}

/** Changes the reporting currency. History is re-valued at the recorded rates on the next read; nothing is stored per figure. */
export async function updateRevenueSettings(
  scope: TenantScope,
  input: z.output<typeof updateRevenueSettingsInputSchema>,
): Promise<z.input<typeof revenueSettingsSchema>> {
  const previous = await baseCurrencyOf(scope);
  if (previous !== input.baseCurrency) {
    await scope.sql.run(
      sql`UPDATE organizations SET base_currency = ${input.baseCurrency}, updated_at = now() WHERE id = ${scope.org.id}`,
    );
    await audited(
      scope,
      "revenue.base_currency_changed",
      { type: "organization", id: scope.org.id },
      {
        from: previous,
        to: input.baseCurrency,
      },
    );
  }
  return { baseCurrency: input.baseCurrency };
}
