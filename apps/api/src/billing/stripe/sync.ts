/**
 * Outbound changes to the organization's Stripe account. Each runs as a `stripe.sync` job (retried
 * with backoff while Stripe is down) in three steps: read what to send (short transaction) → call
 * Stripe with idempotency keys DERIVED FROM OUR IDS (a retry after a crash between the call and the
 * write gets Stripe's first answer back, never a second customer/invoice/subscription) → record the
 * Stripe ids in one transaction. Nothing of ours changes before Stripe has answered.
 */
import type Stripe from "stripe";
import { AppError } from "../../errors/app-error";
import { enqueue } from "../../jobs/enqueue";
import type { StripeSyncPayload } from "../../jobs/queues";
import { audited } from "../../services/audit";
import type { TenantScope } from "../../services/scope";
import { stripeFailure, type StripeDeps } from "./client";
import { stripeClientFor } from "./connection";
import { refundInStripe } from "./refund-in-stripe";
import { idempotencyKeys, tenant, type StripeSyncDeps, type Who } from "./sync-context";
import { voidInStripe } from "./void-in-stripe";

export { idempotencyKeys, type StripeSyncDeps };

/** Queues one outbound change (from a procedure's transaction: the job exists iff it commits). */
export async function queueStripeSync(scope: TenantScope, payload: StripeSyncPayload) {
  const connected = await scope.tx.stripeConnection.findUnique({ where: { orgId: scope.org.id }, select: { id: true } });
  if (!connected) throw new AppError("CONFLICT", "Stripe is not connected: connect it under Billing → Stripe first.");
  const jobId = await enqueue(scope, "stripe.sync", payload);
  return { queued: true, jobId };
}

/**
 * After a retainer's terms or status changed here: when it is billed by a Stripe subscription, the
 * change goes to Stripe too (a stripe.sync job queued in the change's transaction). A retainer not
 * billed through Stripe, or an organization that disconnected Stripe, queues nothing.
 */
export async function pushRetainerToStripe(scope: TenantScope, retainer: { id: string; stripeSubscriptionId: string | null }) {
  if (!retainer.stripeSubscriptionId) return;
  const connected = await scope.tx.stripeConnection.findUnique({ where: { orgId: scope.org.id }, select: { id: true } });
  if (connected) await enqueue(scope, "stripe.sync", { kind: "subscription", retainerId: retainer.id });
}

export async function runStripeSync(deps: StripeSyncDeps, who: Who, payload: StripeSyncPayload) {
  switch (payload.kind) {
    case "customer":
      return { stripeCustomerId: await ensureCustomer(deps, who, payload.clientId) };
    case "invoice":
      return syncInvoice(deps, who, payload.invoiceId);
    case "subscription":
      return syncSubscription(deps, who, payload.retainerId);
    case "invoice_void":
      return voidInStripe(deps, who, payload.invoiceId);
    case "refund":
      return refundInStripe(deps, who, payload);
  }
}

/** The client's Stripe customer, created once (key `agency:customer:<clientId>`). */
export async function ensureCustomer(deps: Pick<StripeSyncDeps, "db" | "stripe">, who: Who, clientId: string): Promise<string> {
  const pre = await tenant(deps, who, async (scope) => {
    const existing = await scope.tx.stripeCustomer.findFirst({ where: { orgId: who.orgId, clientId } });
    if (existing) return { done: true, stripeCustomerId: existing.stripeCustomerId } as const;
    const client = await scope.tx.client.findFirst({ where: { id: clientId, orgId: who.orgId }, select: { id: true, name: true, contactEmail: true } });
    if (!client) throw new AppError("NOT_FOUND", "Client not found.");
    return { done: false, client, stripe: await stripeClientFor(scope, deps.stripe) } as const;
  });
  if (pre.done) return pre.stripeCustomerId;
  const customer = await pre.stripe.customers.create(
    {
      name: pre.client.name,
      ...(pre.client.contactEmail ? { email: pre.client.contactEmail } : {}),
      metadata: { agency_org_id: who.orgId, agency_client_id: clientId },
    },
    { idempotencyKey: idempotencyKeys.customer(clientId) },
  );
  return tenant(deps, who, async (scope) => {
    await scope.tx.stripeCustomer.createMany({ data: [{ orgId: who.orgId, clientId, stripeCustomerId: customer.id }], skipDuplicates: true });
    const row = await scope.tx.stripeCustomer.findFirstOrThrow({ where: { orgId: who.orgId, clientId } });
    if (row.stripeCustomerId === customer.id) {
      await audited(scope, "stripe.customer_synced", { type: "client", id: clientId }, { stripeCustomerId: customer.id });
    }
    return row.stripeCustomerId;
  });
}

/**
 * Our invoice as a finalized Stripe invoice with a hosted payment page: the draft (metadata names
 * our invoice), one item per line, finalize — then `stripe_invoice_id` and `hosted_url` in one
 * transaction (issuing ours too if it was still a draft, so both sides say "open").
 */
async function syncInvoice(deps: StripeSyncDeps, who: Who, invoiceId: string) {
  const customerId = await tenant(deps, who, async (scope) => {
    const invoice = await scope.tx.invoice.findFirst({ where: { id: invoiceId, orgId: who.orgId }, select: { clientId: true } });
    if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found.");
    return invoice.clientId;
  }).then((clientId) => ensureCustomer(deps, who, clientId));
  const pre = await tenant(deps, who, async (scope) => {
    const invoice = await scope.tx.invoice.findFirstOrThrow({ where: { id: invoiceId, orgId: who.orgId }, include: { lines: { orderBy: { position: "asc" } } } });
    return { invoice, stripe: await stripeClientFor(scope, deps.stripe) };
  });
  const { invoice, stripe } = pre;
  if (invoice.status === "void" || invoice.status === "paid" || invoice.status === "uncollectible") {
    return { skipped: `invoice is ${invoice.status}` };
  }
  let remote: Stripe.Invoice;
  if (invoice.stripeInvoiceId) {
    remote = await stripe.invoices.retrieve(invoice.stripeInvoiceId);
  } else {
    remote = await stripe.invoices.create(
      {
        customer: customerId,
        currency: invoice.currency.toLowerCase(),
        collection_method: "send_invoice",
        days_until_due: invoice.dueAt ? Math.max(1, Math.ceil((invoice.dueAt.getTime() - Date.now()) / 86_400_000)) : 30,
        auto_advance: false,
        pending_invoice_items_behavior: "exclude",
        metadata: { agency_org_id: who.orgId, agency_invoice_id: invoice.id },
      },
      { idempotencyKey: idempotencyKeys.invoice(invoice.id) },
    );
    for (const line of invoice.lines) {
      await stripe.invoiceItems.create(
        {
          customer: customerId,
          invoice: remote.id,
          currency: invoice.currency.toLowerCase(),
          amount: Number(line.amount),
          description: line.description,
          metadata: { agency_invoice_line_id: line.id },
        },
        { idempotencyKey: idempotencyKeys.invoiceLine(invoice.id, line.id) },
      );
    }
    if (invoice.tax > 0n) {
      await stripe.invoiceItems.create(
        { customer: customerId, invoice: remote.id, currency: invoice.currency.toLowerCase(), amount: Number(invoice.tax), description: "Tax" },
        { idempotencyKey: idempotencyKeys.invoiceLine(invoice.id, "tax") },
      );
    }
  }
  if (remote.status === "draft") {
    remote = await stripe.invoices.finalizeInvoice(remote.id!, {}, { idempotencyKey: idempotencyKeys.finalize(invoice.id) });
  }
  const hostedUrl = remote.hosted_invoice_url ?? null;
  await tenant(deps, who, async (scope) => {
    const current = await scope.tx.invoice.findFirstOrThrow({ where: { id: invoice.id, orgId: who.orgId }, select: { status: true } });
    await deps.billing.setInvoiceStripeFields(scope, { invoiceId: invoice.id, stripeInvoiceId: remote.id!, hostedUrl });
    if (current.status === "draft") await deps.billing.issueInvoice(scope, { invoiceId: invoice.id });
  });
  return { stripeInvoiceId: remote.id, hostedUrl };
}

const STRIPE_INTERVAL = {
  month: { interval: "month", interval_count: 1 },
  quarter: { interval: "month", interval_count: 3 },
  year: { interval: "year", interval_count: 1 },
} as const;

/** The retainer's current terms as a Stripe subscription (a new price per version, created as needed). */
async function syncSubscription(deps: StripeSyncDeps, who: Who, retainerId: string) {
  const clientId = await tenant(deps, who, async (scope) => {
    const retainer = await scope.tx.retainer.findFirst({ where: { id: retainerId, orgId: who.orgId }, select: { clientId: true } });
    if (!retainer) throw new AppError("NOT_FOUND", "Retainer not found.");
    return retainer.clientId;
  });
  const customerId = await ensureCustomer(deps, who, clientId);
  const pre = await tenant(deps, who, async (scope) => {
    const retainer = await scope.tx.retainer.findFirstOrThrow({ where: { id: retainerId, orgId: who.orgId } });
    const terms = await scope.tx.retainerVersion.findFirst({
      where: { orgId: who.orgId, retainerId, effectiveAt: { lte: new Date() } },
      orderBy: [{ effectiveAt: "desc" }, { recordedAt: "desc" }, { version: "desc" }],
    });
    if (!terms) throw new AppError("CONFLICT", "This retainer has no terms in effect yet.");
    return { retainer, terms, stripe: await stripeClientFor(scope, deps.stripe) };
  });
  const { retainer, terms, stripe } = pre;
  if (terms.status === "canceled") {
    // Ended here at once: the subscription ends too, so Stripe bills nothing more.
    if (!retainer.stripeSubscriptionId) return { skipped: "retainer is canceled" };
    const existing = await stripe.subscriptions.retrieve(retainer.stripeSubscriptionId);
    if (existing.status !== "canceled") {
      await stripe.subscriptions.cancel(retainer.stripeSubscriptionId, {}, { idempotencyKey: idempotencyKeys.subscriptionCancel(retainer.id) });
    }
    return { stripeSubscriptionId: retainer.stripeSubscriptionId, canceled: true };
  }
  const product = await stripe.products.create(
    { name: retainer.name, metadata: { agency_org_id: who.orgId, agency_retainer_id: retainer.id } },
    { idempotencyKey: idempotencyKeys.product(retainer.id) },
  );
  const price = await stripe.prices.create(
    {
      product: product.id,
      currency: retainer.currency.toLowerCase(),
      unit_amount: Number(terms.unitAmount),
      recurring: STRIPE_INTERVAL[terms.interval],
      metadata: { agency_retainer_id: retainer.id, agency_retainer_version: String(terms.version) },
    },
    { idempotencyKey: idempotencyKeys.price(retainer.id, terms.version) },
  );
  let subscription: Stripe.Subscription;
  if (retainer.stripeSubscriptionId) {
    const existing = await stripe.subscriptions.retrieve(retainer.stripeSubscriptionId);
    const item = existing.items.data[0];
    subscription = await stripe.subscriptions.update(
      retainer.stripeSubscriptionId,
      {
        items: [{ ...(item ? { id: item.id } : {}), price: price.id, quantity: terms.quantity }],
        proration_behavior: "create_prorations",
        cancel_at_period_end: terms.endsAt !== null,
        // Paused here: Stripe keeps the subscription but voids the invoices of the paused periods.
        pause_collection: terms.status === "paused" ? { behavior: "void" } : "",
        metadata: { agency_org_id: who.orgId, agency_retainer_id: retainer.id },
      },
      { idempotencyKey: idempotencyKeys.subscriptionUpdate(retainer.id, terms.version) },
    );
  } else {
    subscription = await stripe.subscriptions.create(
      {
        customer: customerId,
        items: [{ price: price.id, quantity: terms.quantity }],
        collection_method: "send_invoice",
        days_until_due: 30,
        ...(terms.trialEndsAt && terms.trialEndsAt > new Date() ? { trial_end: Math.floor(terms.trialEndsAt.getTime() / 1000) } : {}),
        metadata: { agency_org_id: who.orgId, agency_retainer_id: retainer.id },
      },
      { idempotencyKey: idempotencyKeys.subscription(retainer.id) },
    );
  }
  await tenant(deps, who, (scope) => deps.billing.setRetainerStripeSubscription(scope, { retainerId: retainer.id, stripeSubscriptionId: subscription.id }));
  return { stripeSubscriptionId: subscription.id };
}

/**
 * A Checkout page for paying an invoice's amount due (a first payment; the card is saved on the
 * client's Stripe customer for later off-session charges, and a client without one gets a customer).
 * Created while the user waits; the payment itself arrives as checkout.session.completed. An invoice
 * already finalized in Stripe has its own hosted payment page: a Checkout for it too would let the
 * client pay twice, so it is refused.
 */
export async function createCheckoutLink(scope: TenantScope, deps: StripeDeps, input: { invoiceId: string }) {
  const invoice = await scope.tx.invoice.findFirst({ where: { id: input.invoiceId, orgId: scope.org.id } });
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice not found.");
  if (invoice.status !== "open" && invoice.status !== "draft") {
    throw new AppError("CONFLICT", `This invoice is ${invoice.status}: there is nothing to pay.`);
  }
  const due = Number(invoice.total - invoice.amountPaid);
  if (due <= 0) throw new AppError("CONFLICT", "Nothing is due on this invoice.");
  if (invoice.stripeInvoiceId) {
    throw new AppError("CONFLICT", "This invoice has its own Stripe payment page already: send the hosted invoice link instead.", {
      reason: "has_hosted_invoice",
    });
  }
  const stripe = await stripeClientFor(scope, deps, { interactive: true });
  const customer = await scope.tx.stripeCustomer.findFirst({ where: { orgId: scope.org.id, clientId: invoice.clientId } });
  const invoiceUrl = `${deps.appUrl}/app/billing/invoices/${invoice.id}`;
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        ...(customer ? { customer: customer.stripeCustomerId } : { customer_creation: "always" as const }),
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: invoice.currency.toLowerCase(),
              unit_amount: due,
              product_data: { name: invoice.number ? `Invoice ${invoice.number}` : "Invoice" },
            },
          },
        ],
        metadata: { agency_org_id: scope.org.id, agency_invoice_id: invoice.id },
        payment_intent_data: {
          setup_future_usage: "off_session",
          metadata: { agency_org_id: scope.org.id, agency_invoice_id: invoice.id },
        },
        success_url: `${invoiceUrl}?paid=1`,
        cancel_url: invoiceUrl,
      },
      { idempotencyKey: idempotencyKeys.checkout(invoice.id, invoice.version) },
    );
    if (!session.url) throw new AppError("SERVICE_UNAVAILABLE", "Stripe returned no Checkout URL.");
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error, "create a Checkout session");
  }
}

/** The Stripe customer portal (payment methods, invoices) for a client already synced to Stripe. */
export async function createPortalLink(scope: TenantScope, deps: StripeDeps, input: { clientId: string }) {
  const customer = await scope.tx.stripeCustomer.findFirst({ where: { orgId: scope.org.id, clientId: input.clientId } });
  if (!customer) {
    const client = await scope.tx.client.findFirst({ where: { id: input.clientId, orgId: scope.org.id }, select: { id: true } });
    if (!client) throw new AppError("NOT_FOUND", "Client not found.");
    throw new AppError("CONFLICT", "This client is not a Stripe customer yet: sync it to Stripe first.");
  }
  const stripe = await stripeClientFor(scope, deps, { interactive: true });
  try {
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.stripeCustomerId,
      return_url: `${deps.appUrl}/app/billing`,
    });
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error, "open the customer portal");
  }
}
