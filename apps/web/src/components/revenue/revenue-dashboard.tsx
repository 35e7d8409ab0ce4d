"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatMoney } from "~/lib/money";
import {
  clientsCsv,
  currentMonthKey,
  describeRates,
  formatBp,
  monthLabel,
  movementsCsv,
  type RevenueSummary,
} from "~/lib/revenue";
import { useTRPC } from "~/trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { SelectField, TextField } from "../ui/field";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton } from "../ui/spinner";
import { ClientTable } from "./client-table";
import { downloadText } from "./download";
import { ExchangeRates } from "./exchange-rates";
import { MovementChart } from "./movement-chart";
import { MovementTable } from "./movement-table";

const RANGES = [6, 12, 24, 36, 60] as const;

function Metric({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={`${testId}-value`}>
        {value}
      </p>
      {detail && <p className="mt-1 text-xs text-slate-600">{detail}</p>}
    </div>
  );
}

function signedMoney(minor: number, currency: string) {
  if (minor === 0) return `no change`;
  return `${minor > 0 ? "+" : "−"}${formatMoney(Math.abs(minor), currency)}`;
}

function Metrics({ summary }: { summary: RevenueSummary }) {
  const currency = summary.baseCurrency;
  const money = (minor: number) => formatMoney(minor, currency);
  const vsLast = `${signedMoney(summary.change, currency)} vs ${monthLabel(previousMonth(summary.month))}`;
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <Metric testId="metric-mrr" label="MRR" value={money(summary.mrr)} detail={vsLast} />
      <Metric
        testId="metric-arr"
        label="ARR (12 × MRR)"
        value={money(summary.arr)}
        detail={`${signedMoney(summary.change * 12, currency)} vs last month`}
      />
      <Metric
        testId="metric-arpa"
        label="ARPA"
        value={summary.arpa === null ? "—" : money(summary.arpa)}
        detail={`${summary.customers} paying ${summary.customers === 1 ? "client" : "clients"}`}
      />
      <Metric
        testId="metric-nrr"
        label="Net revenue retention (12 months)"
        value={formatBp(summary.nrrBp)}
        detail={
          summary.retentionCohort.customers === 0
            ? "No paying clients 12 months ago"
            : `${summary.retentionCohort.customers} clients paying 12 months ago: ${money(summary.retentionCohort.startMrr)} → ${money(summary.retentionCohort.endMrr)}`
        }
      />
      <Metric
        testId="metric-grr"
        label="Gross revenue retention (12 months)"
        value={formatBp(summary.grrBp)}
        detail="Expansion excluded: at most 100%"
      />
      <Metric
        testId="metric-logo-churn"
        label="Logo churn"
        value={formatBp(summary.logoChurnMonth.rateBp)}
        detail={`${summary.logoChurnMonth.churned} of ${summary.logoChurnMonth.startCustomers} this month · ${summary.logoChurn12m.churned} of ${summary.logoChurn12m.startCustomers} over 12 months (${formatBp(summary.logoChurn12m.rateBp)})`}
      />
    </div>
  );
}

function previousMonth(key: string) {
  const [year, month] = key.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
}

/** The revenue dashboard: headline figures, movements (chart + table), clients, rates. */
export function RevenueDashboard({ org }: { org: { id: string; name: string; canManage: boolean } }) {
  const trpc = useTRPC();
  const current = currentMonthKey();
  const [to, setTo] = useState(current);
  const [months, setMonths] = useState<number>(12);
  const summary = useQuery(
    trpc.revenue.summary.queryOptions({ orgId: org.id, month: to }, { placeholderData: keepPreviousData }),
  );
  const movements = useQuery(
    trpc.revenue.movements.queryOptions({ orgId: org.id, to, months }, { placeholderData: keepPreviousData }),
  );
  const clients = useQuery(
    trpc.revenue.clients.queryOptions({ orgId: org.id, month: to }, { placeholderData: keepPreviousData }),
  );

  const header = (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Revenue</h1>
        <p className="mt-1 text-sm text-slate-600">
          Recurring revenue of {org.name} from its retainers, month by month.
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-3"
        aria-label="Date range"
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="w-44">
          <TextField
            id="revenue-to"
            label="Up to month"
            type="month"
            max={current}
            min="2000-01"
            value={to}
            onChange={(event) => {
              const value = event.target.value;
              if (/^\d{4}-\d{2}$/.test(value) && value <= current) setTo(value);
            }}
          />
        </div>
        <div className="w-36">
          <SelectField
            id="revenue-months"
            label="Range"
            value={String(months)}
            onChange={(event) => setMonths(Number(event.target.value))}
          >
            {RANGES.map((range) => (
              <option key={range} value={range}>
                {range} months
              </option>
            ))}
          </SelectField>
        </div>
      </form>
    </div>
  );

  if (summary.isPending) {
    return (
      <div className="space-y-6" aria-busy>
        {header}
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3" aria-label="Loading revenue">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} className="h-24 w-full" />
          ))}
        </div>
      </div>
    );
  }
  if (summary.isError) {
    return (
      <div className="space-y-6">
        {header}
        <ErrorState
          {...toUserFacingError(summary.error)}
          onRetry={() => void summary.refetch()}
          retrying={summary.isRefetching}
        />
      </div>
    );
  }
  const data = summary.data;
  const currency = data.baseCurrency;

  if (!data.hasRetainers) {
    return (
      <div className="space-y-6">
        {header}
        <EmptyState
          icon="◔"
          title="No recurring revenue yet"
          description="MRR, movements and retention come from your retainers. Create a retainer for a client under Billing; this page fills in from the first month it starts."
          action={<ButtonLink href="/app/billing">Go to Billing</ButtonLink>}
        />
        <Card title="Base currency and exchange rates">
          <ExchangeRates orgId={org.id} baseCurrency={currency} canManage={org.canManage} />
        </Card>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      {header}
      <Metrics summary={data} />
      <p className="text-xs text-slate-600" data-testid="revenue-rates-note">
        {monthLabel(data.month, "long")}, read at {data.closesAt.replace("T", " ").slice(0, 16)} UTC.{" "}
        {describeRates(data.ratesUsed, currency)}
      </p>
      {data.missingRates.length > 0 && (
        <InlineAlert tone="warning" title="Exchange rates missing">
          Retainers in {data.missingRates.join(", ")} are left out of these figures: record a rate for{" "}
          {data.missingRates.length === 1 ? "it" : "them"} below.
        </InlineAlert>
      )}

      <Card
        title="MRR movements"
        action={
          movements.data && (
            <Button
              variant="secondary"
              className="!px-3 !py-1.5"
              onClick={() =>
                downloadText(
                  `mrr-movements-${movements.data.rows[0]?.month ?? to}-${to}.csv`,
                  movementsCsv(movements.data.rows, currency),
                )
              }
            >
              Export CSV
            </Button>
          )
        }
      >
        {movements.isPending ? (
          <Skeleton className="h-72 w-full" />
        ) : movements.isError ? (
          <ErrorState
            {...toUserFacingError(movements.error)}
            onRetry={() => void movements.refetch()}
            retrying={movements.isRefetching}
          />
        ) : (
          <div className="space-y-6">
            <MovementChart rows={movements.data.rows} currency={currency} />
            <MovementTable rows={movements.data.rows} currency={currency} />
          </div>
        )}
      </Card>

      <Card
        title={`Clients — ${monthLabel(to, "long")}`}
        action={
          clients.data && (
            <Button
              variant="secondary"
              className="!px-3 !py-1.5"
              onClick={() => downloadText(`revenue-clients-${to}.csv`, clientsCsv(clients.data.rows, currency, to))}
            >
              Export CSV
            </Button>
          )
        }
      >
        {clients.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : clients.isError ? (
          <ErrorState
            {...toUserFacingError(clients.error)}
            onRetry={() => void clients.refetch()}
            retrying={clients.isRefetching}
          />
        ) : clients.data.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No client paid or owed anything in {monthLabel(to, "long")}.</p>
        ) : (
          <ClientTable rows={clients.data.rows} currency={currency} />
        )}
      </Card>

      <Card title="Base currency and exchange rates">
        <ExchangeRates orgId={org.id} baseCurrency={currency} canManage={org.canManage} />
      </Card>
    </div>
  );
}
