import type { TransactionClient } from "@agency/db";
import type { RequestInfo } from "../../services/scope";

/**
 * The billing services the Stripe work applies its effects through (apps/api/src/billing/services,
 * owned by the billing work; signatures from its README-services.md). Narrowed to what Stripe uses,
 * so this folder depends on their behaviour, not their internals.
 */
export interface BillingScope {
  tx: TransactionClient;
  org: { id: string };
  actor: { userId: string | null };
  request: RequestInfo | null;
}

export type RetainerStatus = "trialing" | "active" | "past_due" | "paused" | "canceled";

export interface InvoiceLike {
  id: string;
  clientId: string;
  retainerId?: string | null;
  currency: string;
  status: "draft" | "open" | "paid" | "void" | "uncollectible";
  total: number | string;
  amountPaid: number | string;
  version: number;
  stripeInvoiceId?: string | null;
  hostedUrl?: string | null;
}

export interface BillingServices {
  /** A draft invoice (here: one Stripe made for a subscription's period, imported). */
  createInvoice(
    scope: BillingScope,
    input: {
      clientId: string;
      currency: string;
      retainerId: string;
      lines: { description: string; quantity?: number; unitAmount: number; periodStart?: Date | null; periodEnd?: Date | null }[];
      tax?: number;
      dueAt?: Date | null;
      memo?: string;
      periodStart?: Date | null;
      periodEnd?: Date | null;
      stripeInvoiceId: string;
      hostedUrl?: string | null;
    },
  ): Promise<{ id: string }>;
  issueInvoice(scope: BillingScope, input: { invoiceId: string; issuedAt?: Date }): Promise<unknown>;
  recordPayment(
    scope: BillingScope,
    input: { invoiceId: string; amount?: number; currency?: string; method: "stripe"; externalId: string; receivedAt?: Date },
  ): Promise<{ replayed: boolean; payment: { id: string } }>;
  refundPayment(
    scope: BillingScope,
    input: { paymentId: string; amount: number; reason?: string; externalId: string; refundId?: string },
  ): Promise<{ replayed: boolean }>;
  voidInvoice(scope: BillingScope, input: { invoiceId: string; reason?: string }): Promise<unknown>;
  markUncollectible(scope: BillingScope, input: { invoiceId: string; reason?: string }): Promise<unknown>;
  applyRetainerStatus(
    scope: BillingScope,
    input: { retainerId: string; status: RetainerStatus; effectiveAt: Date; endsAt?: Date | null; reason?: string },
  ): Promise<{ changed: boolean }>;
  setRetainerStripeSubscription(scope: BillingScope, input: { retainerId: string; stripeSubscriptionId: string | null }): Promise<void>;
  postJournalEntry(
    scope: BillingScope,
    input: {
      kind: "stripe_fee";
      effectiveAt: Date;
      memo?: string;
      invoiceId?: string | null;
      paymentId?: string | null;
      externalRef: string;
      lines: { account: { kind: "stripe_fees" | "cash"; currency: string }; amount: number }[];
    },
  ): Promise<{ id: string; replayed: boolean }>;
  setInvoiceStripeFields(scope: BillingScope, input: { invoiceId: string; stripeInvoiceId?: string | null; hostedUrl?: string | null }): Promise<void>;
}
