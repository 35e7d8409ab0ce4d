"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { money } from "~/lib/billing";
import { useTRPC } from "~/trpc/react";
import { StripeClientActions } from "./stripe/stripe-invoice-actions";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Spinner } from "../ui/spinner";
import { CreateInvoiceForm } from "./create-invoice-form";
import { CreateRetainerForm } from "./create-retainer-form";
import { InvoicesTable } from "./invoices-table";
import { RetainerItem } from "./retainer-item";

/** One client's billing: what they owe, their retainers, their invoices. */
export function ClientBilling({ org, clientId }: { org: { id: string; name: string; canManage: boolean }; clientId: string }) {
  const trpc = useTRPC();
  const client = useQuery(trpc.clients.get.queryOptions({ orgId: org.id, clientId }));
  if (client.isPending) return <Spinner label="Loading client…" />;
  if (client.isError) {
    const error = toUserFacingError(client.error);
    return <ErrorState title="Could not load this client" message={error.message} requestId={error.requestId} onRetry={() => void client.refetch()} />;
  }
  return (
    <div className="space-y-6">
      <div>
        <Link href="/app/billing" className="text-sm font-medium text-brand-700 hover:underline">
          ← Billing
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">{client.data.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Retainers, invoices and what {client.data.name} owes.</p>
      </div>
      <ClientBalance orgId={org.id} clientId={clientId} />
      <StripeClientActions orgId={org.id} clientId={clientId} canManage={org.canManage} />
      <Retainers org={org} clientId={clientId} />
      <Invoices org={org} clientId={clientId} />
    </div>
  );
}

function ClientBalance({ orgId, clientId }: { orgId: string; clientId: string }) {
  const trpc = useTRPC();
  const balance = useQuery(trpc.billing.clientBalance.queryOptions({ orgId, clientId }));
  return (
    <Card title="Balance owed">
      {balance.isPending ? (
        <Spinner label="Loading balance…" />
      ) : balance.isError ? (
        <ErrorState title="Could not load the balance" message={toUserFacingError(balance.error).message} onRetry={() => void balance.refetch()} />
      ) : balance.data.balances.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="client-balance">
          Nothing billed yet.
        </p>
      ) : (
        <ul className="flex flex-wrap gap-6" data-testid="client-balance">
          {balance.data.balances.map((row) => (
            <li key={row.currency}>
              <p className="text-2xl font-semibold tabular-nums text-slate-900" data-testid={`balance-${row.currency}`}>
                {money(row.owed, row.currency)}
              </p>
              <p className="text-xs text-slate-500">
                {row.currency} · {row.openInvoices === 0 ? "no open invoices" : `${row.openInvoices} open invoice${row.openInvoices === 1 ? "" : "s"}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Retainers({ org, clientId }: { org: { id: string; canManage: boolean }; clientId: string }) {
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const retainers = useQuery(trpc.retainers.list.queryOptions({ orgId: org.id, clientId, limit: 50 }));
  return (
    <Card
      title="Retainers"
      action={
        org.canManage && !creating ? (
          <Button variant="secondary" onClick={() => setCreating(true)}>
            New retainer
          </Button>
        ) : null
      }
    >
      <div className="space-y-4">
        {creating && <CreateRetainerForm orgId={org.id} clientId={clientId} onDone={() => setCreating(false)} />}
        {retainers.isPending ? (
          <Spinner label="Loading retainers…" />
        ) : retainers.isError ? (
          <ErrorState title="Could not load retainers" message={toUserFacingError(retainers.error).message} onRetry={() => void retainers.refetch()} />
        ) : retainers.data.items.length === 0 ? (
          !creating && <p className="text-sm text-slate-600">No retainers. A retainer bills the client a fixed amount every month, quarter or year.</p>
        ) : (
          <ul className="space-y-3" data-testid="retainer-list">
            {retainers.data.items.map((retainer) => (
              <RetainerItem key={retainer.id} orgId={org.id} retainer={retainer} canManage={org.canManage} />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

function Invoices({ org, clientId }: { org: { id: string; canManage: boolean }; clientId: string }) {
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title="Invoices"
      action={
        org.canManage && !creating ? (
          <Button variant="secondary" onClick={() => setCreating(true)}>
            New invoice
          </Button>
        ) : null
      }
    >
      <div className="space-y-4">
        {creating && <CreateInvoiceForm orgId={org.id} clientId={clientId} onDone={() => setCreating(false)} />}
        <InvoicesTable orgId={org.id} clientId={clientId} emptyHint="Create a one-off invoice, or invoice a retainer's period." />
      </div>
    </Card>
  );
}
