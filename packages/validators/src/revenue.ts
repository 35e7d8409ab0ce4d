import { z } from "zod";
import { orgIdInputSchema } from "./organizations";
import { isoCurrencySchema } from "./money";
import { isoDateSchema } from "./projects";

/**
 * Revenue: MRR, movements and retention (apps/api/src/revenue). Amounts are integers in minor
 * units of the organization's base currency (`baseCurrency`); ratios are basis points
 * (10000 = 100 %). Every figure names the exchange rates it used.
 */

const MONTH_MESSAGE = "Use a month like 2026-12";
/** A calendar month, `YYYY-MM`, years 2000–2999. */
export const monthKeySchema = z.string(MONTH_MESSAGE).regex(/^(2\d{3})-(0[1-9]|1[0-2])$/, MONTH_MESSAGE);

/** Longest range one movements call computes (10 years). */
export const REVENUE_MAX_MONTHS = 120;

/**
 * A range of months as its last month and its length (no cross-field rule to break: any two
 * valid values make a valid range).
 */
export const revenueRangeInputSchema = orgIdInputSchema.extend({
  /** Last month (default: the current month). */
  to: monthKeySchema.optional(),
  /** How many months, ending with `to` (default 12, at most 120). */
  months: z
    .number("Use a whole number of months")
    .int("Use a whole number of months")
    .min(1, "Choose at least 1 month")
    .max(REVENUE_MAX_MONTHS, `Choose at most ${REVENUE_MAX_MONTHS} months`)
    .optional(),
});

export const revenueMonthInputSchema = orgIdInputSchema.extend({
  /** The month to report (default: the current month). */
  month: monthKeySchema.optional(),
});

/** Minor units in a report: a safe integer (signed: changes and FX adjustments can be negative). */
const amount = z.number().int();

export const rateUsedSchema = z.object({
  currency: z.string(),
  /** 1 `currency` = `rate` base currency, exact decimal. */
  rate: z.string(),
  /** The day the rate was recorded for (the latest on or before the figure's close). */
  day: z.string(),
});

export const movementKindSchema = z.enum(["new", "expansion", "reactivation", "contraction", "churn", "none"]);

export const movementRowSchema = z.object({
  month: z.string(),
  /** The instant the month's MRR was read at (its last millisecond, or now for the running month). */
  closesAt: z.string(),
  startMrr: amount,
  newMrr: amount,
  expansion: amount,
  reactivation: amount,
  contraction: amount,
  churn: amount,
  endMrr: amount,
  /** Last month's reported MRR restated at this month's rates minus as reported: FX, never a movement. */
  fxAdjustment: amount,
  customers: z.object({
    start: z.number().int(),
    new: z.number().int(),
    reactivated: z.number().int(),
    churned: z.number().int(),
    end: z.number().int(),
  }),
  ratesUsed: z.array(rateUsedSchema),
  missingRates: z.array(z.string()),
});

export const revenueMovementsSchema = z.object({
  baseCurrency: z.string(),
  rows: z.array(movementRowSchema),
});

const countRateSchema = z.object({
  churned: z.number().int(),
  startCustomers: z.number().int(),
  rateBp: z.number().int().nullable(),
});

export const revenueSummarySchema = z.object({
  baseCurrency: z.string(),
  month: z.string(),
  closesAt: z.string(),
  mrr: amount,
  arr: amount,
  previousMrr: amount,
  change: amount,
  customers: z.number().int(),
  arpa: amount.nullable(),
  nrrBp: z.number().int().nullable(),
  grrBp: z.number().int().nullable(),
  retentionCohort: z.object({
    customers: z.number().int(),
    startMrr: amount,
    endMrr: amount,
    retainedMrr: amount,
  }),
  logoChurnMonth: countRateSchema,
  logoChurn12m: countRateSchema,
  ratesUsed: z.array(rateUsedSchema),
  missingRates: z.array(z.string()),
  /** False when the organization has no retainer history at all (the dashboard's empty state). */
  hasRetainers: z.boolean(),
});

export const moneyByCurrencySchema = z.object({ currency: z.string(), amount: amount });

export const revenueClientRowSchema = z.object({
  clientId: z.uuid(),
  clientName: z.string(),
  mrr: amount,
  previousMrr: amount,
  change: amount,
  movement: movementKindSchema,
  retainers: z.number().int(),
  /** Open and past-due invoices: total − paid, per invoice currency. */
  outstanding: z.array(moneyByCurrencySchema),
  lastPaymentAt: z.string().nullable(),
  lastPayment: moneyByCurrencySchema.nullable(),
});

export const revenueClientsSchema = z.object({
  baseCurrency: z.string(),
  month: z.string(),
  closesAt: z.string(),
  ratesUsed: z.array(rateUsedSchema),
  missingRates: z.array(z.string()),
  rows: z.array(revenueClientRowSchema),
});

// ── Exchange rates and base currency ────────────────────────────────────────────────────────

const RATE_MESSAGE = "Use a positive decimal rate like 1.0825 (up to 12 digits each side of the point)";
/** An exact decimal rate: up to 12 digits before and after the point, > 0. Never a float. */
export const exchangeRateValueSchema = z
  .string(RATE_MESSAGE)
  .trim()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, RATE_MESSAGE)
  .refine((value) => /[1-9]/.test(value), "The rate must be greater than zero");

export const exchangeRateSchema = z.object({
  id: z.uuid(),
  currency: z.string(),
  day: z.string(),
  rate: z.string(),
  updatedAt: z.string(),
});

export const listExchangeRatesInputSchema = orgIdInputSchema.extend({
  currency: isoCurrencySchema.optional(),
});
export const exchangeRateListSchema = z.object({
  baseCurrency: z.string(),
  items: z.array(exchangeRateSchema),
});

/** Rates are kept for days 1970-01-01…2200-12-31 (the exchange_rates_day_sane CHECK): a clear 400 outside. */
export const RATE_DAY_MESSAGE = "Rates are recorded for days between 1970-01-01 and 2200-12-31";
export const rateDaySchema = isoDateSchema.refine((day) => day >= "1970-01-01" && day <= "2200-12-31", RATE_DAY_MESSAGE);

export const setExchangeRateInputSchema = orgIdInputSchema.extend({
  currency: isoCurrencySchema,
  day: rateDaySchema,
  rate: exchangeRateValueSchema,
});

export const deleteExchangeRateInputSchema = orgIdInputSchema.extend({
  currency: isoCurrencySchema,
  day: rateDaySchema,
});
export const exchangeRateDeletedSchema = z.object({ deleted: z.boolean() });

export const revenueSettingsSchema = z.object({ baseCurrency: z.string() });
export const updateRevenueSettingsInputSchema = orgIdInputSchema.extend({ baseCurrency: isoCurrencySchema });

// ── Project budgets ─────────────────────────────────────────────────────────────────────────

export const projectBudgetsInputSchema = orgIdInputSchema.extend({
  /** The projects to report (a page of the projects list, or one project). */
  projectIds: z.array(z.uuid()).min(1).max(100),
});

export const projectBudgetSchema = z.object({
  projectId: z.uuid(),
  currency: z.string(),
  budget: amount.nullable(),
  /** Lines of issued invoices (open, paid, uncollectible) in the project's currency. */
  invoiced: amount,
  /** Lines of draft invoices in the project's currency: work billed but not yet issued. */
  uninvoiced: amount,
  /** budget − invoiced (null without a budget). */
  remaining: amount.nullable(),
  overBudget: z.boolean(),
  /** Invoice lines for this project in other currencies (not compared with the budget). */
  otherCurrencies: z.array(z.object({ currency: z.string(), invoiced: amount, uninvoiced: amount })),
});

export const projectBudgetListSchema = z.object({ items: z.array(projectBudgetSchema) });
