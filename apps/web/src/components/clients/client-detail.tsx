"use client";

import { roleHasPermission } from "@agency/validators";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { isNotFound } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { formatDate } from "~/lib/dates";
import { useTRPC } from "~/trpc/react";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { ClientEditor } from "./client-editor";
import { ClientHistory } from "./client-history";
import { ClientProjects } from "./client-projects";
import { ClientStatusBadge } from "./client-status-badge";
import { ClientSummary } from "./client-summary";
import type { ClientsOrg } from "./clients-page";
import { MoveToTrashCard, TrashedBanner } from "./client-trash-controls";

function BackLink() {
  return (
    <Link href="/app/clients" className="text-sm font-medium text-slate-600 hover:text-slate-900">
      ← All clients
    </Link>
  );
}

/** One client: editable for writers, read only for others, with its history for admins. */
export function ClientDetail({ org, clientId }: { org: ClientsOrg; clientId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.clients.get.queryOptions({ orgId: org.id, clientId }));
  const canWrite = roleHasPermission(org.role, "client:write");
  const canAudit = roleHasPermission(org.role, "audit:read");

  if (query.isPending) {
    return (
      <div className="space-y-6" data-testid="client-loading">
        <BackLink />
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="space-y-6">
        <BackLink />
        {isNotFound(query.error) ? (
          <EmptyState
            icon="◎"
            title="Client not found"
            description="It may belong to another organization, or the link is wrong."
            action={<ButtonLink href="/app/clients">Back to clients</ButtonLink>}
          />
        ) : (
          <ErrorState {...toUserFacingError(query.error)} onRetry={() => void query.refetch()} retrying={query.isRefetching} />
        )}
      </div>
    );
  }

  const client = query.data;
  const trashed = client.deletedAt !== null;
  return (
    <div className="space-y-6">
      <BackLink />
      <div>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-bold tracking-tight text-slate-900">
          <span className="min-w-0 break-words" data-testid="client-name">
            {client.name}
          </span>
          <ClientStatusBadge status={client.status} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          Added {formatDate(client.createdAt)} · last changed {formatDate(client.updatedAt)}
        </p>
      </div>
      {trashed && <TrashedBanner orgId={org.id} client={client} canWrite={canWrite} />}
      <Card title="Details">
        {canWrite && !trashed ? <ClientEditor key={client.id} orgId={org.id} client={client} /> : <ClientSummary client={client} />}
      </Card>
      {!trashed && <ClientProjects orgId={org.id} clientId={client.id} clientName={client.name} />}
      {canWrite && !trashed && <MoveToTrashCard orgId={org.id} client={client} />}
      {canAudit && <ClientHistory orgId={org.id} clientId={client.id} />}
    </div>
  );
}
