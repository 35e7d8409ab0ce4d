"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { money } from "~/lib/billing";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { SelectField } from "../ui/field";
import { Spinner } from "../ui/spinner";
import { InvoicesTable } from "./invoices-table";
// The Stripe integration's payments card (components/billing/stripe/).
import { StripeConnectionPanel } from "./stripe/stripe-summary-card";

/** Billing home: payments setup, what clients owe, every invoice with status filters. */
export function BillingOverview({ org }: { org: { id: string; name: string; canManage: boolean } }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Billing</h1>
        <p className="mt-1 text-sm text-slate-600">
          Retainers, invoices and payments of {org.name}. Every amount is recorded in a double-entry ledger.
        </p>
      </div>
      <StripeConnectionPanel orgId={org.id} canManage={org.canManage} />
      <div className="grid gap-6 lg:grid-cols-3">
        <BalancesOwed orgId={org.id} />
        <ClientPicker orgId={org.id} />
      </div>
      <Card title="Invoices">
        <InvoicesTable orgId={org.id} emptyHint="Open a client's billing to create a retainer or a one-off invoice." />
      </Card>
    </div>
  );
}

function BalancesOwed({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const balances = useQuery(trpc.billing.balances.queryOptions({ orgId }));
  return (
    <Card title="Owed by clients" className="lg:col-span-2">
      {balances.isPending ? (
        <Spinner label="Loading balances…" />
      ) : balances.isError ? (
        <ErrorState
          title="Could not load balances"
          message={toUserFacingError(balances.error).message}
          requestId={toUserFacingError(balances.error).requestId}
          onRetry={() => void balances.refetch()}
        />
      ) : balances.data.items.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="nothing-owed">
          Nobody owes anything right now.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200" data-testid="balances-owed">
          {balances.data.items.map((row) => (
            <li key={`${row.client.id}:${row.currency}`} className="flex items-center justify-between gap-3 py-2">
              <Link href={`/app/billing/clients/${row.client.id}`} className="min-w-0 truncate text-sm font-medium text-brand-700 hover:underline">
                {row.client.name}
              </Link>
              <span className={`tabular-nums text-sm font-semibold ${row.owed < 0 ? "text-emerald-700" : "text-slate-900"}`}>
                {row.owed < 0 ? `${money(-row.owed, row.currency)} credit` : money(row.owed, row.currency)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Go to one client's billing (retainers, invoices, balance). */
function ClientPicker({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const clients = useQuery(trpc.clients.list.queryOptions({ orgId, limit: 100, sort: "name" }));
  const [clientId, setClientId] = useState("");
  return (
    <Card title="Bill a client">
      {clients.isPending ? (
        <Spinner label="Loading clients…" />
      ) : clients.isError ? (
        <ErrorState title="Could not load clients" message={toUserFacingError(clients.error).message} onRetry={() => void clients.refetch()} />
      ) : clients.data.items.length === 0 ? (
        <EmptyState title="No clients yet" description="Add a client first, then bill them here." />
      ) : (
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (clientId) router.push(`/app/billing/clients/${clientId}`);
          }}
        >
          <SelectField id="billing-client" label="Client" value={clientId} onChange={(event) => setClientId(event.target.value)}>
            <option value="">Choose a client…</option>
            {clients.data.items.map((client) => (
              <option key={client.id} value={client.id}>
                {client.name}
              </option>
            ))}
          </SelectField>
          <Button type="submit" disabled={!clientId}>
            Open billing
          </Button>
        </form>
      )}
    </Card>
  );
}
