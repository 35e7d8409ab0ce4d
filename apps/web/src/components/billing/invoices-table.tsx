"use client";

import { invoiceStatusSchema, type InvoiceStatus } from "@agency/validators";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { billingDate, INVOICE_STATUS_LABEL, money } from "~/lib/billing";
import { allItems } from "~/lib/infinite-pages";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Spinner } from "../ui/spinner";
import { InvoiceStatusBadge } from "./invoice-status-badge";

/** Invoices newest first with status filters (toggle buttons) and "Load more"; optionally one client's. */
export function InvoicesTable({ orgId, clientId, emptyHint }: { orgId: string; clientId?: string; emptyHint?: string }) {
  const trpc = useTRPC();
  const [statuses, setStatuses] = useState<InvoiceStatus[]>([]);
  const invoices = useInfiniteQuery(
    trpc.invoices.list.infiniteQueryOptions(
      { orgId, limit: 25, ...(clientId ? { clientId } : {}), ...(statuses.length ? { status: statuses } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const items = allItems(invoices.data);
  const toggle = (status: InvoiceStatus) =>
    setStatuses((current) => (current.includes(status) ? current.filter((s) => s !== status) : [...current, status]));

  return (
    <div className="space-y-3">
      <div role="group" aria-label="Filter by status" className="flex flex-wrap gap-2">
        {invoiceStatusSchema.options.map((status) => {
          const on = statuses.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={on}
              onClick={() => toggle(status)}
              className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${
                on ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
              }`}
            >
              {INVOICE_STATUS_LABEL[status]}
            </button>
          );
        })}
        {statuses.length > 0 && (
          <Button variant="ghost" className="!px-3 !py-1 text-xs" onClick={() => setStatuses([])}>
            Clear
          </Button>
        )}
      </div>
      {invoices.isPending ? (
        <div className="py-6">
          <Spinner label="Loading invoices…" />
        </div>
      ) : invoices.isError ? (
        <ErrorState
          title="Could not load invoices"
          message={toUserFacingError(invoices.error).message}
          requestId={toUserFacingError(invoices.error).requestId}
          onRetry={() => void invoices.refetch()}
          retrying={invoices.isRefetching}
        />
      ) : items.length === 0 ? (
        <EmptyState
          icon="¤"
          title={statuses.length ? "No invoices with this status" : "No invoices yet"}
          description={statuses.length ? "Try another status, or clear the filter." : (emptyHint ?? "Invoices you create appear here.")}
        />
      ) : (
        <>
          <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200" data-testid="invoice-list" aria-busy={invoices.isFetching}>
            {items.map((invoice) => (
              <li key={invoice.id}>
                <Link
                  href={`/app/billing/invoices/${invoice.id}`}
                  className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50"
                  data-testid="invoice-row"
                >
                  <span className="min-w-[7rem] font-medium text-slate-900">{invoice.number ?? (invoice.status === "void" ? "Voided draft" : "Draft")}</span>
                  {!clientId && <span className="min-w-0 flex-1 truncate text-sm text-slate-700">{invoice.client.name}</span>}
                  <span className="text-sm text-slate-600">{invoice.issuedAt ? `Issued ${billingDate(invoice.issuedAt)}` : `Created ${billingDate(invoice.createdAt)}`}</span>
                  <span className={`${clientId ? "ml-auto " : ""}text-right font-medium tabular-nums text-slate-900`}>
                    {money(invoice.total, invoice.currency)}
                  </span>
                  <InvoiceStatusBadge status={invoice.status} />
                </Link>
              </li>
            ))}
          </ul>
          {invoices.hasNextPage && (
            <Button variant="secondary" onClick={() => void invoices.fetchNextPage()} disabled={invoices.isFetchingNextPage}>
              {invoices.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
