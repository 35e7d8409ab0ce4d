"use client";

import type { TaskDto } from "@agency/validators";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { toUserFacingError } from "~/lib/api-error";
import { formatDate, todayIsoDate } from "~/lib/dates";
import { allItems } from "~/lib/infinite-pages";
import { isOverdue } from "~/lib/task-display";
import { hasActiveTaskFilters, taskListInput, type TaskFilters } from "~/lib/task-filters";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton, Spinner } from "../ui/spinner";
import { LabelChips, TaskPriorityBadge, TaskStatusBadge } from "./task-badges";

function ListSkeleton() {
  return (
    <ul aria-label="Loading tasks" className="divide-y divide-slate-100" data-testid="tasks-loading">
      {[0, 1, 2, 3, 4].map((row) => (
        <li key={row} className="flex items-center gap-4 py-3">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-2/5" />
            <Skeleton className="h-3 w-1/4" />
          </div>
          <Skeleton className="h-6 w-20" />
          <Skeleton className="h-6 w-16" />
        </li>
      ))}
    </ul>
  );
}

function DueDate({ task, today }: { task: TaskDto; today: string | null }) {
  if (!task.dueDate) return <span className="text-slate-400">—</span>;
  const overdue = today !== null && isOverdue(task, today);
  return (
    <span className={overdue ? "font-medium text-rose-700" : "text-slate-700"}>
      {formatDate(task.dueDate)}
      {overdue && <span className="sr-only"> (overdue)</span>}
    </span>
  );
}

interface RowProps {
  task: TaskDto;
  projectName: string;
  /** The browser's day; null while the server renders and the page hydrates (nothing marked overdue yet). */
  today: string | null;
  trash: boolean;
  canWrite: boolean;
  restoring: boolean;
  onRestore: () => void;
  onPickLabel: (label: string) => void;
}

function RestoreButton({ task, restoring, onRestore }: Pick<RowProps, "task" | "restoring" | "onRestore">) {
  return (
    <Button
      variant="secondary"
      className="!px-3 !py-1.5"
      onClick={onRestore}
      disabled={restoring}
      aria-label={`Restore ${task.title}`}
    >
      {restoring ? "Restoring…" : "Restore"}
    </Button>
  );
}

function TaskTableRow({ task, projectName, today, trash, canWrite, restoring, onRestore, onPickLabel }: RowProps) {
  return (
    <tr className="align-top hover:bg-slate-50" data-testid="task-row">
      <td className="max-w-md py-2.5 pr-3 pl-1">
        {trash ? (
          <span className="font-medium text-slate-900">{task.title}</span>
        ) : (
          <Link
            href={`/app/tasks/${task.id}`}
            className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
          >
            {task.title}
          </Link>
        )}
        {task.commentCount > 0 && (
          <span className="ml-2 text-xs whitespace-nowrap text-slate-500">
            {task.commentCount} {task.commentCount === 1 ? "comment" : "comments"}
          </span>
        )}
      </td>
      <td className="max-w-40 truncate py-2.5 pr-3 text-slate-600">{projectName}</td>
      <td className="py-2.5 pr-3 whitespace-nowrap">
        <TaskStatusBadge status={task.status} />
      </td>
      <td className="py-2.5 pr-3 whitespace-nowrap">
        <TaskPriorityBadge priority={task.priority} />
      </td>
      <td className="max-w-36 truncate py-2.5 pr-3 text-slate-700">
        {task.assignee?.name ?? <span className="text-slate-400">Unassigned</span>}
      </td>
      <td className="py-2.5 pr-3 whitespace-nowrap">
        {trash && task.deletedAt ? (
          <span className="text-slate-600">Deleted {formatDate(task.deletedAt)}</span>
        ) : (
          <DueDate task={task} today={today} />
        )}
      </td>
      <td className="max-w-48 py-2.5 pr-1">
        {trash ? (
          canWrite && <RestoreButton task={task} restoring={restoring} onRestore={onRestore} />
        ) : (
          <LabelChips labels={task.labels} onPick={onPickLabel} />
        )}
      </td>
    </tr>
  );
}

function TaskCard({ task, projectName, today, trash, canWrite, restoring, onRestore, onPickLabel }: RowProps) {
  return (
    <li className="space-y-2 py-3" data-testid="task-card">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          {trash ? (
            <p className="font-medium text-slate-900">{task.title}</p>
          ) : (
            <Link
              href={`/app/tasks/${task.id}`}
              className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
            >
              {task.title}
            </Link>
          )}
          <p className="truncate text-xs text-slate-500">{projectName}</p>
        </div>
        {trash && canWrite && <RestoreButton task={task} restoring={restoring} onRestore={onRestore} />}
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <TaskStatusBadge status={task.status} />
        <TaskPriorityBadge priority={task.priority} />
        <span className="text-slate-600">{task.assignee?.name ?? "Unassigned"}</span>
        {/* The separator wraps with the date, never left dangling at the end of a line. */}
        <span className="whitespace-nowrap">
          <span aria-hidden className="mr-2 text-slate-300">
            ·
          </span>
          {trash && task.deletedAt ? (
            <span className="text-slate-600">Deleted {formatDate(task.deletedAt)}</span>
          ) : (
            <>
              <span className="text-slate-500">Due </span>
              <DueDate task={task} today={today} />
            </>
          )}
        </span>
      </div>
      {!trash && <LabelChips labels={task.labels} onPick={onPickLabel} />}
    </li>
  );
}

/** One view (live tasks or trash) of the list: loading, error, empty, a table (cards on a phone) and "Load more". */
export function TasksList({
  orgId,
  filters,
  canWrite,
  projectNames,
  restoringId,
  onRestore,
  onPickLabel,
  onClearFilters,
}: {
  orgId: string;
  filters: TaskFilters;
  canWrite: boolean;
  projectNames: ReadonlyMap<string, string>;
  restoringId: string | null;
  onRestore: (task: TaskDto) => void;
  onPickLabel: (label: string) => void;
  onClearFilters: () => void;
}) {
  const trpc = useTRPC();
  const tasks = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(taskListInput(orgId, filters), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // While a new search loads, keep showing the last results (dimmed) instead of a skeleton per keystroke.
      placeholderData: keepPreviousData,
    }),
  );
  const trash = filters.view === "trash";
  const today = useHydrated() ? todayIsoDate() : null;

  if (tasks.isPending) return <ListSkeleton />;
  if (tasks.isError && !tasks.data) {
    return (
      <ErrorState
        {...toUserFacingError(tasks.error)}
        onRetry={() => void tasks.refetch()}
        retrying={tasks.isRefetching}
      />
    );
  }

  const items = allItems(tasks.data);
  if (items.length === 0) {
    if (hasActiveTaskFilters(filters)) {
      return (
        <EmptyState
          icon="⌕"
          title="No tasks match"
          description={`Nothing ${trash ? "in the trash " : ""}matches these filters.`}
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
          icon="♻"
          title="The trash is empty"
          description="Deleted tasks land here; you can restore them at any time."
        />
      );
    return (
      <EmptyState
        icon="☑"
        title="No tasks yet"
        description={
          canWrite ? "Create a task here or on a project's board." : "Tasks your team adds will show up here."
        }
      />
    );
  }

  const projectName = (task: TaskDto) => projectNames.get(task.projectId) ?? "—";
  const rowProps = (task: TaskDto): RowProps => ({
    task,
    projectName: projectName(task),
    today,
    trash,
    canWrite,
    restoring: restoringId === task.id,
    onRestore: () => onRestore(task),
    onPickLabel,
  });

  return (
    <div
      className={tasks.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}
      aria-busy={tasks.isFetching || undefined}
    >
      <table className="hidden w-full text-left text-sm md:table" data-testid="tasks-table">
        <caption className="sr-only">{trash ? "Deleted tasks" : "Tasks"}</caption>
        <thead className="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-3 pl-1">
              Title
            </th>
            <th scope="col" className="py-2 pr-3">
              Project
            </th>
            <th scope="col" className="py-2 pr-3">
              Status
            </th>
            <th scope="col" className="py-2 pr-3">
              Priority
            </th>
            <th scope="col" className="py-2 pr-3">
              Assignee
            </th>
            <th scope="col" className="py-2 pr-3">
              {trash ? "Deleted" : "Due"}
            </th>
            <th scope="col" className="py-2 pr-1">
              {trash ? <span className="sr-only">Actions</span> : "Labels"}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((task) => (
            <TaskTableRow key={task.id} {...rowProps(task)} />
          ))}
        </tbody>
      </table>
      <ul
        className="divide-y divide-slate-100 md:hidden"
        aria-label={trash ? "Deleted tasks" : "Tasks"}
        data-testid="tasks-cards"
      >
        {items.map((task) => (
          <TaskCard key={task.id} {...rowProps(task)} />
        ))}
      </ul>
      {tasks.isFetchNextPageError && (
        <div className="mt-3">
          <InlineAlert tone="error">
            More tasks could not be loaded: {toUserFacingError(tasks.error).message}
          </InlineAlert>
        </div>
      )}
      <div className="mt-4 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <p className="text-xs text-slate-500" data-testid="tasks-count">
          {tasks.hasNextPage
            ? `Showing the first ${items.length}`
            : `${items.length} ${items.length === 1 ? "task" : "tasks"}`}
        </p>
        {tasks.hasNextPage && (
          <Button variant="secondary" onClick={() => void tasks.fetchNextPage()} disabled={tasks.isFetchingNextPage}>
            {tasks.isFetchingNextPage ? <Spinner label="Loading…" /> : "Load more"}
          </Button>
        )}
      </div>
    </div>
  );
}
