import type { TransactionClient } from "@agency/db";
import { GatewayError } from "./errors";
import { monthStart, nextMonthStart } from "./month";

export interface BudgetState {
  budgetMicros: number;
  spentMicros: number;
  reservedMicros: number;
  enabled: boolean;
  month: string;
}

interface SettingsRow {
  assistant_enabled: boolean;
  monthly_budget_micros: bigint | null;
  period_month: Date;
  spent_micros: bigint;
  reserved_micros: bigint;
}

const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;

/** The organization's settings row, created on first use (the month's counters start at zero). */
async function ensureRow(tx: TransactionClient, orgId: string, month: string) {
  await tx.$executeRaw`
    INSERT INTO ai_org_settings (org_id, period_month, updated_at)
    VALUES (${orgId}::uuid, ${month}::date, now())
    ON CONFLICT (org_id) DO NOTHING`;
}

/**
 * Reserves `costMicros` of this month's budget with ONE atomic UPDATE: the row lock serializes
 * concurrent reservations and PostgreSQL re-checks the WHERE clause against the row as the
 * previous holder left it, so spent + reserved never exceeds the budget however many calls race.
 * A new month starts from zero here too (the first reservation of the month resets `spent`).
 * Throws budget_exceeded naming the budget and when it resets.
 */
export async function reserveBudget(
  tx: TransactionClient,
  orgId: string,
  costMicros: number,
  defaultBudgetMicros: number,
  now = new Date(),
): Promise<void> {
  const month = monthStart(now);
  await ensureRow(tx, orgId, month);
  const reserved = await tx.$executeRaw`
    UPDATE ai_org_settings SET
      spent_micros = CASE WHEN period_month < ${month}::date THEN 0 ELSE spent_micros END,
      period_month = GREATEST(period_month, ${month}::date),
      reserved_micros = reserved_micros + ${costMicros}::bigint,
      updated_at = now()
    WHERE org_id = ${orgId}::uuid
      AND (CASE WHEN period_month < ${month}::date THEN 0 ELSE spent_micros END) + reserved_micros + ${costMicros}::bigint
          <= COALESCE(monthly_budget_micros, ${defaultBudgetMicros}::bigint)`;
  if (reserved === 1) return;
  const state = await readBudget(tx, orgId, defaultBudgetMicros, now);
  const resets = nextMonthStart(now).toISOString().slice(0, 10);
  throw new GatewayError(
    "budget_exceeded",
    `Your organization's monthly AI budget of ${usd(state.budgetMicros)} is used up (${usd(state.spentMicros + state.reservedMicros)} spent or in use). It resets on ${resets}; an admin can raise it in Assistant settings.`,
    { budgetMicros: state.budgetMicros, spentMicros: state.spentMicros, resetsAt: nextMonthStart(now).toISOString() },
  );
}

/** Releases a reservation and books the real cost (both in one UPDATE). */
export async function settleBudget(tx: TransactionClient, orgId: string, reservedMicros: number, costMicros: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE ai_org_settings SET
      reserved_micros = GREATEST(reserved_micros - ${reservedMicros}::bigint, 0),
      spent_micros = spent_micros + ${costMicros}::bigint,
      updated_at = now()
    WHERE org_id = ${orgId}::uuid`;
}

/** This month's budget as it stands (a row from an earlier month reads as nothing spent yet). */
export async function readBudget(tx: TransactionClient, orgId: string, defaultBudgetMicros: number, now = new Date()): Promise<BudgetState> {
  const month = monthStart(now);
  const [row] = await tx.$queryRaw<SettingsRow[]>`
    SELECT assistant_enabled, monthly_budget_micros, period_month, spent_micros, reserved_micros
    FROM ai_org_settings WHERE org_id = ${orgId}::uuid`;
  if (!row) return { budgetMicros: defaultBudgetMicros, spentMicros: 0, reservedMicros: 0, enabled: true, month };
  const current = row.period_month.toISOString().slice(0, 10) >= month;
  return {
    budgetMicros: row.monthly_budget_micros === null ? defaultBudgetMicros : Number(row.monthly_budget_micros),
    spentMicros: current ? Number(row.spent_micros) : 0,
    reservedMicros: Number(row.reserved_micros),
    enabled: row.assistant_enabled,
    month,
  };
}

/** Admins' changes: the switch and the budget (null = the deployment default). */
export async function updateSettings(
  tx: TransactionClient,
  orgId: string,
  change: { enabled?: boolean; monthlyBudgetMicros?: number },
  now = new Date(),
): Promise<void> {
  await ensureRow(tx, orgId, monthStart(now));
  await tx.$executeRaw`
    UPDATE ai_org_settings SET
      assistant_enabled = COALESCE(${change.enabled ?? null}::boolean, assistant_enabled),
      monthly_budget_micros = CASE WHEN ${change.monthlyBudgetMicros === undefined} THEN monthly_budget_micros
                                   ELSE ${change.monthlyBudgetMicros ?? 0}::bigint END,
      version = version + 1,
      updated_at = now()
    WHERE org_id = ${orgId}::uuid`;
}
