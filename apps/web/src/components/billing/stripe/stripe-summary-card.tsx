"use client";

import { useQuery } from "@tanstack/react-query";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/format-date-time";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../../ui/badge";
import { ButtonLink } from "../../ui/button";
import { Card } from "../../ui/card";
import { ErrorState } from "../../ui/error-state";
import { Skeleton } from "../../ui/spinner";

/**
 * The billing overview's payments card: Stripe's state in one glance and the way to Billing →
 * Stripe (`/app/billing/stripe`) to connect or manage it. Not connected is a normal state:
 * billing works manually (bank transfers).
 */
export function StripeConnectionPanel({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.billingStripe.status.queryOptions({ orgId }));
  const connection = status.data?.connection ?? null;
  return (
    <Card
      title="Payments"
      className={`border-l-4 ${connection ? "border-l-emerald-500" : "border-l-slate-300"}`}
      action={
        status.data ? (
          <ButtonLink
            href="/app/billing/stripe"
            variant={connection ? "secondary" : "primary"}
            className="!px-3 !py-1.5"
          >
            {connection ? "Manage Stripe" : canManage ? "Connect Stripe" : "Stripe settings"}
          </ButtonLink>
        ) : null
      }
    >
      {status.isPending && <Skeleton className="h-10 w-full" />}
      {status.isError && <ErrorState {...toUserFacingError(status.error)} onRetry={() => void status.refetch()} />}
      {status.data && !connection && (
        <div data-testid="stripe-not-connected">
          <p className="text-sm font-medium text-slate-900">Stripe not connected</p>
          <p className="mt-1 text-sm text-slate-600">
            Invoices and the ledger work manually: issue an invoice, then mark it as paid by bank transfer when the
            money arrives.
            {canManage ? " Connect Stripe to send hosted payment links and record card payments automatically." : ""}
          </p>
        </div>
      )}
      {connection && (
        <div className="space-y-1 text-sm" data-testid="stripe-connected-summary">
          <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            Stripe connected: {connection.accountName ?? connection.accountId}
            <Badge tone={connection.livemode ? "success" : "warning"}>
              {connection.livemode ? "Live mode" : "Test mode"}
            </Badge>
            {!connection.webhookSecretSet && <Badge tone="danger">Webhook signing secret missing</Badge>}
          </p>
          <p className="text-slate-600">
            {connection.lastEventAt
              ? `Last Stripe event ${formatDateTime(connection.lastEventAt)}.`
              : "No Stripe event received yet."}
            {connection.pendingEvents > 0 ? ` ${connection.pendingEvents} being applied.` : ""}
          </p>
        </div>
      )}
    </Card>
  );
}
