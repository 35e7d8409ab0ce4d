import { z } from "zod";
import { amountInputSchema, amountOutputSchema, isoCurrencySchema, positiveAmountInputSchema, signedAmountInputSchema } from "./money";
import { orgIdInputSchema } from "./organizations";
import { pageInputSchema } from "./pagination";
import { int4, isoDate, isoDateTime, recordVersionSchema, text } from "./primitives";

/**
 * Billing: retainers (versioned terms), invoices, payments, refunds and the ledger. Amounts are
 * integer minor units of the record's currency (see money.ts: one rule everywhere).
 */

export const retainerStatusSchema = z.enum(["trialing", "active", "past_due", "paused", "canceled"]);
export type RetainerStatus = z.infer<typeof retainerStatusSchema>;
export const billingIntervalSchema = z.enum(["month", "quarter", "year"]);
export type BillingInterval = z.infer<typeof billingIntervalSchema>;
export const invoiceStatusSchema = z.enum(["draft", "open", "paid", "void", "uncollectible"]);
export type InvoiceStatus = z.infer<typeof invoiceStatusSchema>;
export const paymentMethodSchema = z.enum(["bank_transfer", "stripe", "other"]);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;
export const ledgerAccountKindSchema = z.enum([
  "accounts_receivable",
  "revenue",
  "tax_payable",
  "cash",
  "refunds",
  "stripe_fees",
  "write_offs",
]);
export type LedgerAccountKind = z.infer<typeof ledgerAccountKindSchema>;
export const journalEntryKindSchema = z.enum([
  "invoice_issued",
  "invoice_voided",
  "payment",
  "refund",
  "write_off",
  "stripe_fee",
  "adjustment",
]);

const reasonSchema = text({ max: 500, maxMessage: "Keep the reason under 500 characters" });
const timestampInput = isoDateTime({ offset: true });
const quantitySchema = int4({ min: 1, minMessage: "Quantity must be at least 1", max: 1_000_000 });

// ── Discounts ───────────────────────────────────────────────────────────────────────────────

export const discountDurationSchema = z.enum(["once", "repeating", "forever"]);
const discountCommon = {
  duration: discountDurationSchema,
  /** For `repeating`: how many months (1–120) of charges it applies to. */
  months: int4({ min: 1, max: 120 }).nullish(),
};
export const discountInputSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("percent"), percentBp: int4({ min: 1, max: 10_000, maxMessage: "At most 100%" }), ...discountCommon }),
    z.object({ kind: z.literal("amount"), amount: positiveAmountInputSchema, ...discountCommon }),
  ])
  .refine((discount) => (discount.duration === "repeating") === (discount.months != null), {
    message: "A repeating discount needs a number of months (and only a repeating one)",
    path: ["months"],
  });
export type DiscountInput = z.infer<typeof discountInputSchema>;

export const discountSchema = z.object({
  kind: z.enum(["percent", "amount"]),
  percentBp: z.number().int().nullable(),
  amount: amountOutputSchema.nullable(),
  duration: discountDurationSchema,
  months: z.number().int().nullable(),
  startsAt: z.iso.datetime().nullable(),
});

// ── Retainers ───────────────────────────────────────────────────────────────────────────────

export const retainerTermsSchema = z.object({
  version: z.number().int(),
  status: retainerStatusSchema,
  unitAmount: amountOutputSchema,
  quantity: z.number().int(),
  interval: billingIntervalSchema,
  discount: discountSchema.nullable(),
  trialEndsAt: z.iso.datetime().nullable(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime().nullable(),
  effectiveAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  reason: z.string().nullable(),
  createdBy: z.uuid().nullable(),
});
export type RetainerTermsDto = z.infer<typeof retainerTermsSchema>;

export const billingPeriodSchema = z.object({ start: z.iso.datetime(), end: z.iso.datetime() });

export const retainerSchema = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  client: z.object({ id: z.uuid(), name: z.string() }),
  name: z.string(),
  currency: z.string(),
  /** The retainer's version (optimistic concurrency for changes), not its terms' version. */
  version: z.number().int(),
  stripeSubscriptionId: z.string().nullable(),
  /** The terms in force now. */
  terms: retainerTermsSchema,
  /** A later change already recorded (a scheduled change), if any. */
  scheduled: retainerTermsSchema.nullable(),
  /** unit × quantity, before discounts. */
  grossPerInterval: amountOutputSchema,
  /** What the next regular charge will be, after the discount that applies to it. */
  nextChargeAmount: amountOutputSchema,
  /** The billing period containing now (null before start or after the end). */
  currentPeriod: billingPeriodSchema.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RetainerDto = z.infer<typeof retainerSchema>;

export const createRetainerInputSchema = orgIdInputSchema.extend({
  clientId: z.uuid("Choose a client"),
  name: text({ min: 1, minMessage: "Name is required", max: 200, maxMessage: "Name must be at most 200 characters" }),
  currency: isoCurrencySchema,
  unitAmount: amountInputSchema,
  quantity: quantitySchema.default(1),
  interval: billingIntervalSchema.default("month"),
  /** When service (and billing) starts; default now. */
  startsAt: timestampInput.optional(),
  /** A free trial until this instant (status `trialing` until then). */
  trialEndsAt: timestampInput.nullish(),
  /** End of service, if known. */
  endsAt: timestampInput.nullish(),
  discount: discountInputSchema.nullish(),
});

export const retainerIdInputSchema = orgIdInputSchema.extend({ retainerId: z.uuid() });

export const changeRetainerInputSchema = orgIdInputSchema.extend({
  retainerId: z.uuid(),
  expectedVersion: recordVersionSchema,
  /** When the new terms apply; default now. Earlier than now = a back-dated correction. */
  effectiveAt: timestampInput.optional(),
  unitAmount: amountInputSchema.optional(),
  quantity: quantitySchema.optional(),
  interval: billingIntervalSchema.optional(),
  /** null removes the discount. */
  discount: discountInputSchema.nullish(),
  reason: reasonSchema.optional(),
});

export const retainerStatusChangeInputSchema = orgIdInputSchema.extend({
  retainerId: z.uuid(),
  expectedVersion: recordVersionSchema,
  reason: reasonSchema.optional(),
});

export const cancelRetainerInputSchema = retainerStatusChangeInputSchema.extend({
  /** true (default): service continues until the current period ends; false: ends now. */
  atPeriodEnd: z.boolean().default(true),
});

export const listRetainersInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({
  clientId: z.uuid().optional(),
  status: retainerStatusSchema.optional(),
});
export const retainerPageSchema = z.object({ items: z.array(retainerSchema), nextCursor: z.string().nullable() });

export const prorationSchema = z.object({
  currency: z.string(),
  /** The period the change falls in (null when the retainer is not in a billing period then). */
  period: billingPeriodSchema.nullable(),
  changeAt: z.iso.datetime(),
  /** Seconds of the period left after the change, out of the period's length. */
  remainingSeconds: z.number().int(),
  periodSeconds: z.number().int(),
  oldAmount: amountOutputSchema,
  newAmount: amountOutputSchema,
  /** Unused time on the old terms, returned (≤ 0). */
  credit: amountOutputSchema,
  /** Remaining time on the new terms (≥ 0). */
  charge: amountOutputSchema,
  /** charge + credit: what the change costs (or refunds) for the rest of this period. */
  net: amountOutputSchema,
  explanation: z.string(),
});
export type ProrationDto = z.infer<typeof prorationSchema>;

export const retainerChangeResultSchema = z.object({ retainer: retainerSchema, proration: prorationSchema });

export const retainerHistorySchema = z.object({ items: z.array(retainerTermsSchema) });

// ── Invoices ────────────────────────────────────────────────────────────────────────────────

export const invoiceLineInputSchema = z.object({
  description: text({ min: 1, minMessage: "Describe the line", max: 500 }),
  quantity: quantitySchema.default(1),
  /** May be negative for a credit line. */
  unitAmount: signedAmountInputSchema,
  projectId: z.uuid().nullish(),
});

export const createInvoiceInputSchema = orgIdInputSchema.extend({
  clientId: z.uuid("Choose a client"),
  currency: isoCurrencySchema,
  /** Bill against a retainer (its currency must match). */
  retainerId: z.uuid().nullish(),
  lines: z.array(invoiceLineInputSchema).min(1, "Add at least one line").max(100, "At most 100 lines"),
  tax: amountInputSchema.default(0),
  /** Due date (a day); default 30 days after issue. */
  dueDate: isoDate().nullish(),
  memo: text({ max: 2000 }).default(""),
});

export const generateRetainerInvoiceInputSchema = orgIdInputSchema.extend({
  retainerId: z.uuid(),
  /** Any instant inside the period to bill; default now. */
  periodContaining: timestampInput.optional(),
  /** Issue it at once (default) or leave it a draft. */
  issue: z.boolean().default(true),
});

export const invoiceIdInputSchema = orgIdInputSchema.extend({ invoiceId: z.uuid() });
export const invoiceActionInputSchema = invoiceIdInputSchema.extend({
  /** The invoice version you saw (optional: the action's own rules refuse a wrong state anyway). */
  expectedVersion: recordVersionSchema.optional(),
  reason: reasonSchema.optional(),
});
export const issueInvoiceInputSchema = invoiceIdInputSchema.extend({
  expectedVersion: recordVersionSchema.optional(),
  dueDate: isoDate().nullish(),
});

export const markInvoicePaidInputSchema = invoiceIdInputSchema.extend({
  /** Default: what is still due. */
  amount: positiveAmountInputSchema.optional(),
  method: paymentMethodSchema.exclude(["stripe"]).default("bank_transfer"),
  /** Your bank reference: recording the same reference twice records one payment. */
  reference: text({ min: 1, max: 255 }).optional(),
  receivedAt: timestampInput.optional(),
});

export const refundInvoiceInputSchema = invoiceIdInputSchema.extend({
  /** Which payment; default the latest with something left to refund. */
  paymentId: z.uuid().optional(),
  amount: positiveAmountInputSchema,
  reason: reasonSchema.optional(),
});

export const listInvoicesInputSchema = orgIdInputSchema.extend(pageInputSchema.shape).extend({
  clientId: z.uuid().optional(),
  retainerId: z.uuid().optional(),
  status: z.array(invoiceStatusSchema).max(5).optional(),
  currency: isoCurrencySchema.optional(),
});

export const invoiceSchema = z.object({
  id: z.uuid(),
  number: z.string().nullable(),
  clientId: z.uuid(),
  client: z.object({ id: z.uuid(), name: z.string() }),
  retainerId: z.uuid().nullable(),
  currency: z.string(),
  status: invoiceStatusSchema,
  memo: z.string(),
  subtotal: amountOutputSchema,
  tax: amountOutputSchema,
  total: amountOutputSchema,
  amountPaid: amountOutputSchema,
  amountRefunded: amountOutputSchema,
  amountWrittenOff: amountOutputSchema,
  /** What the client still owes on it (0 unless open). */
  amountDue: amountOutputSchema,
  issuedAt: z.iso.datetime().nullable(),
  dueAt: z.iso.datetime().nullable(),
  paidAt: z.iso.datetime().nullable(),
  voidedAt: z.iso.datetime().nullable(),
  markedUncollectibleAt: z.iso.datetime().nullable(),
  periodStart: z.iso.datetime().nullable(),
  periodEnd: z.iso.datetime().nullable(),
  stripeInvoiceId: z.string().nullable(),
  hostedUrl: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type InvoiceDto = z.infer<typeof invoiceSchema>;
export const invoicePageSchema = z.object({ items: z.array(invoiceSchema), nextCursor: z.string().nullable() });

export const invoiceLineSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  description: z.string(),
  quantity: z.number().int(),
  unitAmount: amountOutputSchema,
  amount: amountOutputSchema,
  projectId: z.uuid().nullable(),
  project: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  retainerId: z.uuid().nullable(),
  periodStart: z.iso.datetime().nullable(),
  periodEnd: z.iso.datetime().nullable(),
});

export const paymentSchema = z.object({
  id: z.uuid(),
  invoiceId: z.uuid(),
  amount: amountOutputSchema,
  currency: z.string(),
  method: paymentMethodSchema,
  externalId: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  amountRefunded: amountOutputSchema,
  createdAt: z.iso.datetime(),
});
export type PaymentDto = z.infer<typeof paymentSchema>;

export const refundSchema = z.object({
  id: z.uuid(),
  paymentId: z.uuid(),
  invoiceId: z.uuid(),
  amount: amountOutputSchema,
  currency: z.string(),
  reason: z.string().nullable(),
  externalId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type RefundDto = z.infer<typeof refundSchema>;

export const journalLineSchema = z.object({
  accountId: z.uuid(),
  accountKind: ledgerAccountKindSchema,
  clientId: z.uuid().nullable(),
  currency: z.string(),
  amount: amountOutputSchema,
});
export const journalEntrySchema = z.object({
  id: z.uuid(),
  kind: journalEntryKindSchema,
  effectiveAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  memo: z.string(),
  invoiceId: z.uuid().nullable(),
  paymentId: z.uuid().nullable(),
  lines: z.array(journalLineSchema),
});
export type JournalEntryDto = z.infer<typeof journalEntrySchema>;

export const invoiceDetailSchema = invoiceSchema.extend({
  lines: z.array(invoiceLineSchema),
  payments: z.array(paymentSchema),
  refunds: z.array(refundSchema),
  journal: z.array(journalEntrySchema),
});
export type InvoiceDetailDto = z.infer<typeof invoiceDetailSchema>;

// ── Balances and the ledger ─────────────────────────────────────────────────────────────────

export const clientBalanceInputSchema = orgIdInputSchema.extend({ clientId: z.uuid() });
export const clientBalanceSchema = z.object({
  clientId: z.uuid(),
  /** One row per currency the client has been billed in: the receivable balance (what they owe). */
  balances: z.array(z.object({ currency: z.string(), owed: amountOutputSchema, openInvoices: z.number().int() })),
});
export type ClientBalanceDto = z.infer<typeof clientBalanceSchema>;

export const balancesOwedSchema = z.object({
  items: z.array(z.object({ client: z.object({ id: z.uuid(), name: z.string() }), currency: z.string(), owed: amountOutputSchema })),
});

export const ledgerSummaryInputSchema = orgIdInputSchema.extend({
  /** Balances as of this instant (by effective time); default now. */
  asOf: timestampInput.optional(),
});
export const ledgerSummarySchema = z.object({
  asOf: z.iso.datetime(),
  accounts: z.array(
    z.object({
      id: z.uuid(),
      kind: ledgerAccountKindSchema,
      client: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      currency: z.string(),
      balance: amountOutputSchema,
    }),
  ),
  /** Per currency: the sum of every line (always 0 — the ledger balances) and the debit total. */
  totals: z.array(z.object({ currency: z.string(), debits: amountOutputSchema, net: amountOutputSchema })),
  recentEntries: z.array(journalEntrySchema),
});
export type LedgerSummaryDto = z.infer<typeof ledgerSummarySchema>;
