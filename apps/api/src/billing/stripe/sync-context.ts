import type { Database } from "@agency/db";
import type { Logger } from "pino";
import { AppError } from "../../errors/app-error";
import { audited } from "../../services/audit";
import type { TenantScope } from "../../services/scope";
import type { BillingServices } from "./billing-port";
import { isStripeRefusal, type StripeDeps } from "./client";

/**
 * What every `stripe.sync` step shares (sync.ts, reversals.ts): its dependencies, who the job acts
 * for, the idempotency keys derived from our ids, and the tenant transaction it enters as the job's
 * acting user.
 */
export interface StripeSyncDeps {
  db: Database;
  stripe: StripeDeps;
  billing: BillingServices;
  log: Logger;
}

export type Who = { orgId: string; actorId: string; requestId: string | null };

/** Idempotency keys: one per (our record, Stripe operation). Stripe keeps a key 24 h. */
export const idempotencyKeys = {
  customer: (clientId: string) => `agency:customer:${clientId}`,
  product: (retainerId: string) => `agency:retainer:${retainerId}:product`,
  price: (retainerId: string, version: number) => `agency:retainer:${retainerId}:v${version}:price`,
  subscription: (retainerId: string) => `agency:retainer:${retainerId}:subscription`,
  subscriptionUpdate: (retainerId: string, version: number) => `agency:retainer:${retainerId}:v${version}:update`,
  subscriptionCancel: (retainerId: string) => `agency:retainer:${retainerId}:cancel`,
  invoice: (invoiceId: string) => `agency:invoice:${invoiceId}`,
  invoiceLine: (invoiceId: string, lineId: string) => `agency:invoice:${invoiceId}:line:${lineId}`,
  finalize: (invoiceId: string) => `agency:invoice:${invoiceId}:finalize`,
  voidInvoice: (invoiceId: string) => `agency:invoice:${invoiceId}:void`,
  checkout: (invoiceId: string, version: number) => `agency:invoice:${invoiceId}:v${version}:checkout`,
  refund: (refundId: string) => `agency:refund:${refundId}`,
};

function scopeOf(who: Who, t: { tx: TenantScope["tx"]; sql: TenantScope["sql"] }): TenantScope {
  return {
    tx: t.tx,
    sql: t.sql,
    org: { id: who.orgId, role: "admin" },
    actor: { userId: who.actorId },
    request: { requestId: who.requestId ?? "stripe-sync", ip: null, userAgent: null },
  };
}

/** One tenant transaction as the job's acting user, in the job's organization. */
export const tenant = <T>(deps: Pick<StripeSyncDeps, "db">, who: Who, fn: (scope: TenantScope) => Promise<T>) =>
  deps.db.tenant({ userId: who.actorId, orgId: who.orgId }, (t) => fn(scopeOf(who, t)));

/** A sync that ended without retrying: Stripe (or our own rules) refused it for good. */
export interface SyncRefused {
  outcome: string;
  reason: string;
}

/**
 * Runs one sync step; a refusal that no retry can change — Stripe's 4xx answer (an invoice already
 * paid, a charge already refunded, an object gone) or our rules' (Stripe disconnected meanwhile) —
 * ends the job with that outcome: logged, audited (`stripe.sync_refused`, on `target`) and
 * returned as the job's output, instead of retrying until the dead-letter queue. Stripe down or
 * timing out, a refused key, the database: thrown, so pg-boss retries.
 */
export async function endOnRefusal<T>(
  deps: StripeSyncDeps,
  who: Who,
  what: { kind: string; target: { type: string; id: string } },
  run: () => Promise<T>,
): Promise<T | SyncRefused> {
  try {
    return await run();
  } catch (error) {
    let outcome: string;
    if (isStripeRefusal(error)) outcome = "refused_by_stripe";
    else if (error instanceof AppError && error.status < 500) outcome = `rejected_${error.code.toLowerCase()}`;
    else throw error;
    const reason = error.message.slice(0, 500);
    const stripeCode = isStripeRefusal(error) ? (error.code ?? null) : null;
    deps.log.warn({ kind: what.kind, target: what.target, outcome, reason, stripeCode }, "stripe sync refused: recorded, not retried");
    await tenant(deps, who, (scope) => audited(scope, "stripe.sync_refused", what.target, { kind: what.kind, outcome, reason, stripeCode }));
    return { outcome, reason };
  }
}
