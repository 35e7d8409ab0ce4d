"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatAgo, formatLatency, formatUptime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { useHeartbeat } from "./heartbeat";

const POLL_MS = 10_000;

function Row({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  // Wraps instead of squeezing: a long value (a migration name on a phone) drops below its label.
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 border-t border-slate-100 py-2.5 first:border-t-0">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="ml-auto min-w-0 text-right text-sm font-medium text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function StatusSkeleton() {
  return (
    <div className="grid gap-4 md:grid-cols-2" aria-busy="true">
      <span className="sr-only" role="status">
        Loading system status…
      </span>
      {[0, 1].map((i) => (
        <Card key={i}>
          <Skeleton className="mb-5 h-4 w-32" />
          {[0, 1, 2, 3, 4].map((row) => (
            <Skeleton key={row} className="mb-3 h-3.5 w-full last:mb-0" />
          ))}
        </Card>
      ))}
    </div>
  );
}

/** Live status of the API and its database: `system.status` polled, plus the SSE heartbeat. */
export function SystemStatusPanel() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: POLL_MS });
  const heartbeat = useHeartbeat();

  if (status.isPending) return <StatusSkeleton />;

  if (!status.data) {
    const error = toUserFacingError(status.error);
    return <ErrorState {...error} onRetry={() => void status.refetch()} retrying={status.isFetching} />;
  }

  const data = status.data;
  const db = data.database;
  // A failed poll keeps the last good answer on screen, marked as stale.
  const staleError = status.isError ? toUserFacingError(status.error) : null;
  return (
    <div className="space-y-4">
      {staleError && (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          <p>
            <strong className="font-semibold">{staleError.title}.</strong> Showing the status from{" "}
            {formatAgo(new Date(status.dataUpdatedAt).toISOString())}.
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
      <div className="grid gap-4 md:grid-cols-2">
        <Card
          title="Database"
          action={
            <Badge tone={db.reachable ? (db.pendingMigrations === 0 ? "success" : "warning") : "danger"}>
              <span data-testid="database-state">
                <span className="sr-only">Database: </span>
                {db.reachable ? "Connected" : "Unreachable"}
              </span>
            </Badge>
          }
        >
          <dl>
            <Row label="PostgreSQL" value={db.serverVersion ?? "—"} />
            <Row label="Round trip" value={formatLatency(db.latencyMs)} />
            <Row label="Migrations applied" value={db.appliedMigrations} testId="applied-migrations" />
            <Row label="Pending migrations" value={db.pendingMigrations} testId="pending-migrations" />
            <Row
              label="Latest migration"
              value={<code className="font-mono text-xs">{db.latestMigration ?? "—"}</code>}
            />
          </dl>
        </Card>
        <Card
          title="API"
          action={
            <Badge tone={data.status === "ok" ? "success" : "warning"}>
              <span data-testid="api-state">
                <span className="sr-only">API: </span>
                {data.status === "ok" ? "Healthy" : "Degraded"}
              </span>
            </Badge>
          }
        >
          <dl>
            <Row label="Version" value={data.version} />
            <Row label="Uptime" value={formatUptime(data.uptimeSeconds)} />
            <Row label="Organizations" value={data.counts.organizations} />
            <Row label="Users" value={data.counts.users} />
            <Row
              label="Live stream"
              testId="heartbeat"
              value={
                heartbeat.lastBeat ? (
                  <span>
                    beat #{heartbeat.lastBeat.sequence} · {formatAgo(heartbeat.lastBeat.time)}
                  </span>
                ) : heartbeat.status === "error" ? (
                  "disconnected"
                ) : (
                  "connecting…"
                )
              }
            />
          </dl>
        </Card>
      </div>
      <p className="text-xs text-slate-500" aria-live="off">
        Status checked {formatAgo(new Date(status.dataUpdatedAt).toISOString())}; refreshes every {POLL_MS / 1000} s.
      </p>
    </div>
  );
}
