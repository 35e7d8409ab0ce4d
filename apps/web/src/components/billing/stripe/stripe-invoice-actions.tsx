"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button, buttonClasses } from "../../ui/button";
import { Card } from "../../ui/card";
import { InlineAlert } from "../../ui/inline-alert";

const smallButton = "!px-3 !py-1.5";

/**
 * Stripe actions of one invoice (for the billing pages): "Send payment link" finalizes it in Stripe
 * with a hosted payment page (a stripe.sync job; the link appears on the invoice when Stripe has
 * answered), "Open hosted invoice" once it has one, and "Pay by card" — a Checkout session for the
 * amount due. Nothing is shown when Stripe is not connected (manual mode) or the invoice is settled.
 */
export function StripeInvoiceActions({
  orgId,
  invoice,
  canManage,
}: {
  orgId: string;
  invoice: { id: string; status: string; hostedUrl: string | null };
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const status = useQuery(trpc.billingStripe.status.queryOptions({ orgId }));
  const stripeConnected = Boolean(status.data?.connection);
  const send = useMutation(trpc.billingStripe.sendInvoice.mutationOptions());
  // The link arrives when the worker has finalized the invoice in Stripe: the invoice is re-read until then.
  useQuery({
    ...trpc.invoices.get.queryOptions({ orgId, invoiceId: invoice.id }),
    enabled: send.isSuccess && !invoice.hostedUrl,
    refetchInterval: 2_000,
  });
  const checkout = useMutation(
    trpc.billingStripe.checkoutLink.mutationOptions({
      onSuccess: ({ url }) => window.open(url, "_blank", "noopener,noreferrer"),
    }),
  );
  const payable = invoice.status === "draft" || invoice.status === "open";
  if (!stripeConnected && !invoice.hostedUrl) return null;
  if (!payable && !invoice.hostedUrl) return null;
  return (
    <Card title="Stripe">
      <div className="space-y-2" data-testid="stripe-invoice-actions">
        <div className="flex flex-wrap gap-2">
          {invoice.hostedUrl && (
            <a
              href={invoice.hostedUrl}
              target="_blank"
              rel="noopener noreferrer"
              className={buttonClasses("secondary", smallButton)}
            >
              Open hosted invoice<span className="sr-only"> (opens in a new tab)</span>
            </a>
          )}
          {canManage && stripeConnected && payable && !invoice.hostedUrl && (
            <Button
              variant="secondary"
              className={smallButton}
              disabled={send.isPending || send.isSuccess}
              onClick={() => send.mutate({ orgId, invoiceId: invoice.id })}
            >
              {send.isPending ? "Sending to Stripe…" : "Send payment link"}
            </Button>
          )}
          {canManage && stripeConnected && payable && !invoice.hostedUrl && (
            <Button
              variant="ghost"
              className={smallButton}
              disabled={checkout.isPending}
              onClick={() => checkout.mutate({ orgId, invoiceId: invoice.id })}
            >
              {checkout.isPending ? "Opening Checkout…" : "Pay by card (Checkout)"}
            </Button>
          )}
        </div>
        {send.isSuccess && !invoice.hostedUrl && (
          <InlineAlert tone="success">
            Queued: Stripe finalizes the invoice and its payment link appears here in a moment.
          </InlineAlert>
        )}
        {(send.error ?? checkout.error) && (
          <InlineAlert tone="error">{toUserFacingError(send.error ?? checkout.error).message}</InlineAlert>
        )}
      </div>
    </Card>
  );
}

/** A client's Stripe actions (client billing page): make it a Stripe customer, open its customer portal. */
export function StripeClientActions({
  orgId,
  clientId,
  canManage,
}: {
  orgId: string;
  clientId: string;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const status = useQuery(trpc.billingStripe.status.queryOptions({ orgId }));
  const sync = useMutation(trpc.billingStripe.syncCustomer.mutationOptions());
  const portal = useMutation(
    trpc.billingStripe.portalLink.mutationOptions({
      onSuccess: ({ url }) => window.open(url, "_blank", "noopener,noreferrer"),
    }),
  );
  if (!canManage || !status.data?.connection) return null;
  return (
    <Card title="Stripe">
      <div className="space-y-2">
        <p className="text-sm text-slate-600">
          Make this client a Stripe customer (done automatically when you send a payment link), or open its customer
          portal.
        </p>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            className={smallButton}
            disabled={sync.isPending || sync.isSuccess}
            onClick={() => sync.mutate({ orgId, clientId })}
          >
            {sync.isSuccess ? "Queued for Stripe" : "Sync to Stripe"}
          </Button>
          <Button
            variant="ghost"
            className={smallButton}
            disabled={portal.isPending}
            onClick={() => portal.mutate({ orgId, clientId })}
          >
            {portal.isPending ? "Opening…" : "Customer portal"}
          </Button>
        </div>
        {(sync.error ?? portal.error) && (
          <InlineAlert tone="error">{toUserFacingError(sync.error ?? portal.error).message}</InlineAlert>
        )}
      </div>
    </Card>
  );
}

/** A retainer's Stripe subscription: create it (or push changed terms) through a stripe.sync job. */
export function StripeRetainerAction({
  orgId,
  retainer,
}: {
  orgId: string;
  retainer: { id: string; stripeSubscriptionId: string | null };
}) {
  const trpc = useTRPC();
  const status = useQuery(trpc.billingStripe.status.queryOptions({ orgId }));
  const sync = useMutation(trpc.billingStripe.syncRetainer.mutationOptions());
  if (!status.data?.connection) return null;
  return (
    <>
      <Button
        variant="ghost"
        className={smallButton}
        disabled={sync.isPending || sync.isSuccess}
        onClick={() => sync.mutate({ orgId, retainerId: retainer.id })}
      >
        {sync.isSuccess
          ? "Queued for Stripe"
          : retainer.stripeSubscriptionId
            ? "Update Stripe subscription"
            : "Bill through Stripe"}
      </Button>
      {sync.error && <InlineAlert tone="error">{toUserFacingError(sync.error).message}</InlineAlert>}
    </>
  );
}
