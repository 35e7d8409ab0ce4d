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

export type RevenueHistory = { baseCurrency: string; versions: RetainerVersionInput[]; rates: ExchangeRateInput[] };

/**
 * Parsed histories of recently read organizations, keyed by a fingerprint of everything they are
 * made of. retainer_versions is INSERT-only, so its row count and latest recorded_at change with
 * every change of terms; retainers (deleted or restored) and exchange_rates carry updated_at;
 * the base currency is part of the key. A stale entry is never served: each call reads the
 * fingerprint in its own transaction first. Per process, bounded (least recently used out).
 */
const HISTORY_CACHE_MAX = 16;
const historyCache = new Map<string, { fingerprint: string; history: RevenueHistory }>();

async function fingerprintOf(scope: TenantScope): Promise<string> {
  const row = await scope.sql.first(
    sql<{ fingerprint: string }>`SELECT concat_ws('|',
        (SELECT base_currency FROM organizations WHERE id = ${scope.org.id}),
        (SELECT count(*) || ':' || coalesce(max(recorded_at)::text, '') FROM retainer_versions WHERE org_id = ${scope.org.id}),
        (SELECT count(*) FILTER (WHERE deleted_at IS NULL) || ':' || count(*) || ':' || coalesce(max(updated_at)::text, '')
           FROM retainers WHERE org_id = ${scope.org.id}),
        (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM exchange_rates WHERE org_id = ${scope.org.id})
      ) AS fingerprint`,
  );
  return row!.fingerprint;
}

/**
 * Everything the engine reads for one organization, under the call's RLS transaction: every
 * version of every live (not deleted) retainer, the recorded rates and the base currency —
 * from the cache when the organization's fingerprint is unchanged.
 */
export async function loadRevenueHistory(scope: TenantScope): Promise<RevenueHistory> {
  const fingerprint = await fingerprintOf(scope);
  const cached = historyCache.get(scope.org.id);
  if (cached && cached.fingerprint === fingerprint) {
    historyCache.delete(scope.org.id);
    historyCache.set(scope.org.id, cached);
    return cached.history;
  }
  const history = await readRevenueHistory(scope);
  historyCache.delete(scope.org.id);
  historyCache.set(scope.org.id, { fingerprint, history });
  if (historyCache.size > HISTORY_CACHE_MAX) historyCache.delete(historyCache.keys().next().value!);
  return history;
}

/** The uncached read (two statements besides the base currency). */
export async function readRevenueHistory(scope: TenantScope): Promise<RevenueHistory> {
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
