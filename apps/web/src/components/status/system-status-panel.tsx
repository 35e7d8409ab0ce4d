"use client";

import { useQuery } from "@tanstack/react-query";
import { formatAgo, formatLatency, formatUptime } from "~/lib/format";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { useHeartbeat } from "./use-heartbeat";

function Row({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="flex items-center justify-between gap-4 border-t border-slate-100 py-2.5 first:border-t-0">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-right text-sm font-medium text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Live status of the API and the database, from `system.status` (polled) and the SSE heartbeat. */
export function SystemStatusPanel() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: 10_000 });
  const heartbeat = useHeartbeat();

  if (status.isPending) {
    return (
      <div className="grid gap-4 md:grid-cols-2" aria-busy="true" aria-label="Loading system status">
        {[0, 1].map((i) => (
          <Card key={i}>
            <Skeleton className="mb-4 h-4 w-32" />
            <Skeleton className="mb-2 h-3 w-full" />
            <Skeleton className="mb-2 h-3 w-5/6" />
            <Skeleton className="h-3 w-2/3" />
          </Card>
        ))}
      </div>
    );
  }

  if (status.isError) {
    const error = toUserFacingError(status.error);
    return <ErrorState {...error} onRetry={() => void status.refetch()} />;
  }

  const data = status.data;
  const db = data.database;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Card
        title="Database"
        action={
          <Badge tone={db.reachable ? (db.pendingMigrations === 0 ? "success" : "warning") : "danger"}>
            <span data-testid="database-state">{db.reachable ? "Connected" : "Unreachable"}</span>
          </Badge>
        }
      >
        <dl>
          <Row label="PostgreSQL" value={db.serverVersion ?? "—"} />
          <Row label="Round trip" value={formatLatency(db.latencyMs)} />
          <Row label="Migrations applied" value={db.appliedMigrations} testId="applied-migrations" />
          <Row label="Pending migrations" value={db.pendingMigrations} />
          <Row label="Latest migration" value={<code className="font-mono text-xs">{db.latestMigration ?? "—"}</code>} />
        </dl>
      </Card>
      <Card
        title="API"
        action={<Badge tone={data.status === "ok" ? "success" : "warning"}>{data.status === "ok" ? "Healthy" : "Degraded"}</Badge>}
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
  );
}
