"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { isForbidden } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { auditListInput, type AuditFilters } from "~/lib/audit-filters";
import { allItems } from "~/lib/infinite-pages";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { ErrorState } from "../ui/error-state";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton, Spinner } from "../ui/spinner";
import { AuditTable } from "./audit-table";

/** Paginated audit entries for these filters (the whole log, or one record's history). */
export function AuditEntries({
  orgId,
  filters,
  onFilter,
  empty,
  forbidden,
  pageSize,
  showTarget,
}: {
  orgId: string;
  filters: AuditFilters;
  onFilter?: (patch: Partial<AuditFilters>) => void;
  empty: ReactNode;
  /** What to show if the API says this user may not read the log (their role changed since the page loaded). */
  forbidden: ReactNode;
  pageSize?: number;
  showTarget?: boolean;
}) {
  const trpc = useTRPC();
  const input = { ...auditListInput(orgId, filters), ...(pageSize ? { limit: pageSize } : {}) };
  const entries = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
    }),
  );

  if (entries.isPending) {
    return (
      <div className="space-y-2" data-testid="audit-loading" aria-label="Loading the audit log">
        {[0, 1, 2, 3, 4].map((row) => (
          <Skeleton key={row} className="h-10 w-full" />
        ))}
      </div>
    );
  }
  if (entries.isError && !entries.data) {
    if (isForbidden(entries.error)) return <>{forbidden}</>;
    return <ErrorState {...toUserFacingError(entries.error)} onRetry={() => void entries.refetch()} retrying={entries.isRefetching} />;
  }
  const items = allItems(entries.data);
  if (items.length === 0) return <>{empty}</>;

  return (
    <div className={entries.isPlaceholderData ? "opacity-60 transition-opacity" : undefined} aria-busy={entries.isFetching || undefined}>
      <AuditTable entries={items} onFilter={onFilter} showTarget={showTarget} />
      {entries.isFetchNextPageError && (
        <div className="mt-3">
          <InlineAlert tone="error">Older entries could not be loaded: {toUserFacingError(entries.error).message}</InlineAlert>
        </div>
      )}
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <p className="text-xs text-slate-500" data-testid="audit-count">
          {entries.hasNextPage ? `Showing the latest ${items.length}` : `${items.length} ${items.length === 1 ? "entry" : "entries"}`}
        </p>
        {entries.hasNextPage && (
          <Button variant="secondary" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
            {entries.isFetchingNextPage ? <Spinner label="Loading…" /> : "Load older entries"}
          </Button>
        )}
      </div>
    </div>
  );
}
