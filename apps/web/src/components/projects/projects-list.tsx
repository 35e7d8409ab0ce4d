"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { toUserFacingError } from "~/lib/api-error";
import { allItems } from "~/lib/infinite-pages";
import { hasActiveProjectFilters, projectListInput, type ProjectFilters } from "~/lib/project-filters";
import { useTRPC } from "~/trpc/react";
import { useProjectBudgets } from "../revenue/use-project-budgets";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton, Spinner } from "../ui/spinner";
import { ProjectRow, TrashedProjectRow } from "./project-row";
import type { useProjectListActions } from "./use-project-list-actions";

function ListSkeleton() {
  return (
    <ul aria-label="Loading projects" className="divide-y divide-slate-100" data-testid="projects-loading">
      {[0, 1, 2, 3].map((row) => (
        <li key={row} className="space-y-2 py-3">
          <Skeleton className="h-4 w-2/5" />
          <Skeleton className="h-3 w-1/4" />
          <Skeleton className="h-3 w-3/5" />
        </li>
      ))}
    </ul>
  );
}

/** One view (live projects or trash): loading, error, empty, rows and "Load more". */
export function ProjectsList({
  orgId,
  filters,
  canWrite,
  actions,
  onClearFilters,
  onCreate,
  canReadRevenue = false,
}: {
  orgId: string;
  filters: ProjectFilters;
  canWrite: boolean;
  /** Show budget vs invoiced per project (revenue:read). */
  canReadRevenue?: boolean;
  actions: ReturnType<typeof useProjectListActions>;
  onClearFilters: () => void;
  onCreate?: () => void;
}) {
  const trpc = useTRPC();
  const projects = useInfiniteQuery(
    trpc.projects.list.infiniteQueryOptions(projectListInput(orgId, filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: keepPreviousData,
    }),
  );
  const trash = filters.view === "trash";
  const budgets = useProjectBudgets(
    orgId,
    trash ? [] : allItems(projects.data).map((project) => project.id),
    canReadRevenue,
  );

  if (projects.isPending) return <ListSkeleton />;
  if (projects.isError && !projects.data) {
    return (
      <ErrorState
        {...toUserFacingError(projects.error)}
        onRetry={() => void projects.refetch()}
        retrying={projects.isRefetching}
      />
    );
  }

  const items = allItems(projects.data);
  if (items.length === 0) {
    if (hasActiveProjectFilters(filters)) {
      return (
        <EmptyState
          icon="⌕"
          title="No projects match"
          description={
            filters.q
              ? `Nothing ${trash ? "in the trash " : ""}matches “${filters.q}” with these filters.`
              : "No project matches these filters."
          }
          action={
            <Button variant="secondary" onClick={onClearFilters}>
              Clear filters
            </Button>
          }
        />
      );
    }
    if (trash)
      return (
        <EmptyState
          icon="🗑"
          title="The trash is empty"
          description="Deleted projects land here; admins can restore them."
        />
      );
    return (
      <EmptyState
        icon="▤"
        title="No projects yet"
        description={
          canWrite
            ? "Start the first project for one of your clients."
            : "Projects your admins start will show up here."
        }
        action={canWrite && onCreate ? <Button onClick={onCreate}>New project</Button> : undefined}
      />
    );
  }

  return (
    <div
      className={projects.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}
      aria-busy={projects.isFetching || undefined}
    >
      <ul
        className="divide-y divide-slate-100"
        data-testid="projects-list"
        aria-label={trash ? "Deleted projects" : "Projects"}
      >
        {items.map((project) =>
          trash ? (
            <TrashedProjectRow
              key={project.id}
              project={project}
              canWrite={canWrite}
              onRestore={() => actions.restore(project)}
            />
          ) : (
            <ProjectRow
              key={project.id}
              orgId={orgId}
              project={project}
              canWrite={canWrite}
              budget={budgets.get(project.id)}
              onMoveToTrash={() => actions.moveToTrash(project)}
            />
          ),
        )}
      </ul>
      {projects.isFetchNextPageError && (
        <div className="mt-3">
          <InlineAlert tone="error">
            More projects could not be loaded: {toUserFacingError(projects.error).message}
          </InlineAlert>
        </div>
      )}
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <p className="text-xs text-slate-500" data-testid="projects-count">
          {projects.hasNextPage
            ? `Showing the first ${items.length}`
            : `${items.length} ${items.length === 1 ? "project" : "projects"}`}
        </p>
        {projects.hasNextPage && (
          <Button
            variant="secondary"
            onClick={() => void projects.fetchNextPage()}
            disabled={projects.isFetchingNextPage}
          >
            {projects.isFetchingNextPage ? <Spinner label="Loading…" /> : "Load more"}
          </Button>
        )}
      </div>
    </div>
  );
}
