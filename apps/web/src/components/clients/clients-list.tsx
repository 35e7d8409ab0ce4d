"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { toUserFacingError } from "~/lib/api-error";
import { clientListInput, hasActiveClientFilters, type ClientFilters } from "~/lib/client-filters";
import { allItems } from "~/lib/infinite-pages";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton, Spinner } from "../ui/spinner";
import { ClientRow } from "./client-row";
import { TrashRow } from "./trash-row";
import type { useClientListActions } from "./use-client-list-actions";

function ListSkeleton() {
  return (
    <ul aria-label="Loading clients" className="divide-y divide-slate-100" data-testid="clients-loading">
      {[0, 1, 2, 3].map((row) => (
        <li key={row} className="flex items-center gap-4 py-3">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-2/5" />
            <Skeleton className="h-3 w-3/5" />
          </div>
          <Skeleton className="h-7 w-20" />
        </li>
      ))}
    </ul>
  );
}

/** One view (live clients or trash) of the list: loading, error, empty, rows and "Load more". */
export function ClientsList({
  orgId,
  filters,
  canWrite,
  actions,
  onClearFilters,
  onCreate,
}: {
  orgId: string;
  filters: ClientFilters;
  canWrite: boolean;
  actions: ReturnType<typeof useClientListActions>;
  onClearFilters: () => void;
  onCreate?: () => void;
}) {
  const trpc = useTRPC();
  const clients = useInfiniteQuery(
    trpc.clients.list.infiniteQueryOptions(clientListInput(orgId, filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // While a new search loads, keep showing the last results (dimmed) instead of a skeleton per keystroke.
      placeholderData: keepPreviousData,
    }),
  );
  const trash = filters.view === "trash";

  if (clients.isPending) return <ListSkeleton />;
  if (clients.isError && !clients.data) {
    return <ErrorState {...toUserFacingError(clients.error)} onRetry={() => void clients.refetch()} retrying={clients.isRefetching} />;
  }

  const items = allItems(clients.data);
  if (items.length === 0) {
    if (hasActiveClientFilters(filters)) {
      return (
        <EmptyState
          icon="⌕"
          title="No clients match"
          description={filters.q ? `Nothing ${trash ? "in the trash " : ""}matches “${filters.q}” with these filters.` : "No client has this status."}
          action={
            <Button variant="secondary" onClick={onClearFilters}>
              Clear filters
            </Button>
          }
        />
      );
    }
    if (trash) return <EmptyState icon="♻" title="The trash is empty" description="Deleted clients land here; you can restore them at any time." />;
    return (
      <EmptyState
        icon="◎"
        title="No clients yet"
        description={canWrite ? "Add the first client your agency works for." : "Clients your admins add will show up here."}
        action={canWrite && onCreate ? <Button onClick={onCreate}>New client</Button> : undefined}
      />
    );
  }

  return (
    <div className={clients.isPlaceholderData ? "opacity-60 transition-opacity" : undefined} aria-busy={clients.isFetching || undefined}>
      <ul className="divide-y divide-slate-100" data-testid="clients-list" aria-label={trash ? "Deleted clients" : "Clients"}>
        {items.map((client) =>
          trash ? (
            <TrashRow key={client.id} client={client} canWrite={canWrite} onRestore={() => actions.restore(client)} />
          ) : (
            <ClientRow
              key={client.id}
              client={client}
              canWrite={canWrite}
              statusPending={actions.statusPendingFor === client.id}
              onStatusChange={(status) => actions.changeStatus(client, status)}
              onMoveToTrash={() => actions.moveToTrash(client)}
            />
          ),
        )}
      </ul>
      {clients.isFetchNextPageError && (
        <div className="mt-3">
          <InlineAlert tone="error">More clients could not be loaded: {toUserFacingError(clients.error).message}</InlineAlert>
        </div>
      )}
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <p className="text-xs text-slate-500" data-testid="clients-count">
          {clients.hasNextPage ? `Showing the first ${items.length}` : `${items.length} ${items.length === 1 ? "client" : "clients"}`}
        </p>
        {clients.hasNextPage && (
          <Button variant="secondary" onClick={() => void clients.fetchNextPage()} disabled={clients.isFetchingNextPage}>
            {clients.isFetchingNextPage ? <Spinner label="Loading…" /> : "Load more"}
          </Button>
        )}
      </div>
    </div>
  );
}
