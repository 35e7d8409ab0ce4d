"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { describeConnection } from "~/lib/connection";
import { formatAgo } from "~/lib/format";
import { describeServiceStatus } from "~/lib/service-status";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { useHeartbeat } from "./heartbeat";

const POLL_MS = 10_000;

const HEADLINE_DOT = {
  success: "bg-emerald-500",
  warning: "bg-amber-500",
  danger: "bg-rose-500",
  neutral: "bg-slate-300",
} as const;

function Row({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-4 border-t border-slate-100 py-2.5 first:border-t-0">
      <dt className="min-w-0 text-sm text-slate-600">
        {label}
        {hint && <span className="block text-xs text-slate-500">{hint}</span>}
      </dt>
      <dd className="shrink-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function StatusSkeleton() {
  return (
    <div aria-busy="true">
      <span className="sr-only" role="status">
        Loading system status…
      </span>
      <Card>
        <Skeleton className="mb-4 h-4 w-40" />
        <Skeleton className="mb-3 h-3.5 w-full" />
        <Skeleton className="h-3.5 w-full" />
      </Card>
    </div>
  );
}

/**
 * Is Agency OS up, and do live updates reach this page: `system.status` polled plus the SSE
 * heartbeat. Deliberately no platform figures (versions, migrations, counts): tenants and
 * visitors see up or down; operators read `GET /ops/status` on the API.
 * `headline` adds the one-line verdict the public /status page leads with.
 */
export function SystemStatusPanel({ headline = false }: { headline?: boolean }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: POLL_MS });
  const heartbeat = useHeartbeat();

  if (status.isPending) return <StatusSkeleton />;

  const service = describeServiceStatus(status.data, status.isError);
  const verdict = headline && (
    <div className="mb-4 flex items-center gap-3">
      <span aria-hidden className={`size-3 shrink-0 rounded-full ${HEADLINE_DOT[service.tone]}`} />
      <h2 className="text-lg font-semibold text-slate-900" data-testid="service-headline">
        {service.headline}
      </h2>
    </div>
  );

  if (!status.data) {
    const error = toUserFacingError(status.error);
    return (
      <div>
        {verdict}
        <ErrorState {...error} onRetry={() => void status.refetch()} retrying={status.isFetching} />
      </div>
    );
  }

  const live = describeConnection(heartbeat.status, heartbeat.lastBeat !== null);
  // A failed poll keeps the last good answer on screen, marked as stale.
  const staleError = status.isError ? toUserFacingError(status.error) : null;
  const checked = formatAgo(new Date(status.dataUpdatedAt).toISOString());
  return (
    <div className="space-y-4">
      {staleError && (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          <p>
            <strong className="font-semibold">{staleError.title}.</strong> Showing the status from {checked}.
            {staleError.requestId && (
              <span className="mt-0.5 block text-xs">
                Request id: <code className="font-mono">{staleError.requestId}</code>
              </span>
            )}
          </p>
          <Button variant="secondary" onClick={() => void status.refetch()} disabled={status.isFetching}>
            {status.isFetching ? "Retrying…" : "Retry now"}
          </Button>
        </div>
      )}
      <Card title={headline ? undefined : "Connection"}>
        {verdict}
        <dl>
          <Row label="API">
            <Badge tone={service.tone}>
              <span data-testid="api-state">
                <span className="sr-only">API: </span>
                {service.label === "Up" ? "Connected" : service.label}
              </span>
            </Badge>
          </Row>
          <Row
            label="Live updates"
            hint={
              heartbeat.lastBeat && (
                <span data-testid="heartbeat" data-sequence={heartbeat.lastBeat.sequence}>
                  Last heartbeat {formatAgo(heartbeat.lastBeat.time)}
                </span>
              )
            }
          >
            <Badge tone={live.tone}>
              <span data-testid="live-state">
                <span className="sr-only">Live updates: </span>
                {live.label}
              </span>
            </Badge>
          </Row>
        </dl>
      </Card>
      <p className="text-xs text-slate-500" aria-live="off">
        Status checked {checked}; refreshes every {POLL_MS / 1000} s.
      </p>
    </div>
  );
}
