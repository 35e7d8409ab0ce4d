import { sql } from "@agency/db";
import type { TenantScope } from "../services/scope";
import type { BillingInterval, ExchangeRateInput, RetainerStatus, RetainerVersionInput } from "./types";

type VersionRow = {
  retainer_id: string;
  client_id: string;
  version: number;
  effective_ms: string;
  recorded_ms: string;
  status: RetainerStatus;
  unit_amount: string;
  quantity: number;
  interval: BillingInterval;
  currency: string;
  discount_kind: "percent" | "amount" | null;
  discount_percent_bp: number | null;
  discount_amount: string | null;
  discount_duration: "once" | "repeating" | "forever" | null;
  discount_months: number | null;
  discount_starts_ms: string | null;
  trial_ends_ms: string | null;
  starts_ms: string;
  ends_ms: string | null;
};

const ms = (value: string) => new Date(Number(value));
const msOrNull = (value: string | null) => (value === null ? null : new Date(Number(value)));

/** Epoch milliseconds as text: cheaper to move and parse than timestamptz text, and exact. */
const epochMs = (column: string) => sql.raw(`(extract(epoch FROM v.${column}) * 1000)::bigint::text`);

/**
 * Everything the engine reads for one organization, in two statements under the call's RLS
 * transaction: every version of every live (not deleted) retainer, and the recorded rates.
 */
export async function loadRevenueHistory(scope: TenantScope) {
  const org = await scope.sql.first(
    sql<{ base_currency: string }>`SELECT base_currency FROM organizations WHERE id = ${scope.org.id}`,
  );
  const rows = await scope.sql.all(
    sql<VersionRow>`SELECT v.retainer_id, v.client_id, v.version,
        ${epochMs("effective_at")} AS effective_ms, ${epochMs("recorded_at")} AS recorded_ms,
        v.status, v.unit_amount::text AS unit_amount, v.quantity, v.interval, v.currency,
        v.discount_kind, v.discount_percent_bp, v.discount_amount::text AS discount_amount,
        v.discount_duration, v.discount_months, ${epochMs("discount_starts_at")} AS discount_starts_ms,
        ${epochMs("trial_ends_at")} AS trial_ends_ms, ${epochMs("starts_at")} AS starts_ms,
        ${epochMs("ends_at")} AS ends_ms
      FROM retainer_versions v
      JOIN retainers r ON r.org_id = v.org_id AND r.id = v.retainer_id
      WHERE v.org_id = ${scope.org.id} AND r.deleted_at IS NULL`,
  );
  const rates = await scope.sql.all(
    sql<ExchangeRateInput>`SELECT currency, to_char(day, 'YYYY-MM-DD') AS day, trim_scale(rate)::text AS rate
      FROM exchange_rates WHERE org_id = ${scope.org.id}`,
  );
  const versions: RetainerVersionInput[] = rows.map((row) => ({
    retainerId: row.retainer_id,
    clientId: row.client_id,
    version: row.version,
    effectiveAt: ms(row.effective_ms),
    recordedAt: ms(row.recorded_ms),
    status: row.status,
    unitAmount: BigInt(row.unit_amount),
    quantity: row.quantity,
    interval: row.interval,
    currency: row.currency,
    discountKind: row.discount_kind,
    discountPercentBp: row.discount_percent_bp,
    discountAmount: row.discount_amount === null ? null : BigInt(row.discount_amount),
    discountDuration: row.discount_duration,
    discountMonths: row.discount_months,
    discountStartsAt: msOrNull(row.discount_starts_ms),
    trialEndsAt: msOrNull(row.trial_ends_ms),
    startsAt: ms(row.starts_ms),
    endsAt: msOrNull(row.ends_ms),
  }));
  return { baseCurrency: org?.base_currency ?? "USD", versions, rates };
}
