import { formatMoney, type InvoiceStatus } from "@agency/validators";
import type { RouterOutputs } from "./router-types";

export type InvoiceRecord = RouterOutputs["invoices"]["list"]["items"][number];
export type InvoiceDetailRecord = RouterOutputs["invoices"]["get"];
export type RetainerRecord = RouterOutputs["retainers"]["get"];
export type ProrationRecord = RouterOutputs["retainers"]["previewChange"];

/** Every amount the billing UI shows: exact, in its own currency's decimals (dinero.js in @agency/validators). */
export function money(amount: number, currency: string): string {
  return formatMoney(amount, currency);
}

export const INVOICE_STATUS_LABEL: Record<InvoiceStatus, string> = {
  draft: "Draft",
  open: "Open",
  paid: "Paid",
  void: "Void",
  uncollectible: "Uncollectible",
};

export const INVOICE_STATUS_TONE: Record<InvoiceStatus, "success" | "warning" | "danger" | "neutral"> = {
  draft: "neutral",
  open: "warning",
  paid: "success",
  void: "neutral",
  uncollectible: "danger",
};

export const INTERVAL_LABEL = { month: "month", quarter: "quarter", year: "year" } as const;

/** "2026-12-07" → "7 Dec 2026" (UTC: billing dates are days). */
export function billingDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(iso));
}

/** What a retainer is doing now, in words. */
export function retainerState(retainer: RetainerRecord, now = new Date()): { label: string; tone: "success" | "warning" | "danger" | "neutral" } {
  const { terms } = retainer;
  if (terms.status === "canceled") return { label: "Canceled", tone: "neutral" };
  if (terms.status === "paused") return { label: "Paused", tone: "warning" };
  if (terms.status === "past_due") return { label: "Past due", tone: "danger" };
  if (terms.endsAt && new Date(terms.endsAt) <= now) return { label: "Ended", tone: "neutral" };
  if (new Date(terms.startsAt) > now) return { label: `Starts ${billingDate(terms.startsAt)}`, tone: "neutral" };
  if (terms.trialEndsAt && new Date(terms.trialEndsAt) > now) return { label: `Trial until ${billingDate(terms.trialEndsAt)}`, tone: "neutral" };
  if (retainer.cancelAtPeriodEnd && terms.endsAt) return { label: `Ends ${billingDate(terms.endsAt)}`, tone: "warning" };
  return { label: "Active", tone: "success" };
}
