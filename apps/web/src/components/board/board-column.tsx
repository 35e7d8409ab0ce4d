"use client";

import type { TaskDto, TaskStatus } from "@agency/validators";
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { toUserFacingError } from "~/lib/api-error";
import { COLUMN_LABELS } from "~/lib/board-columns";
import { columnTasks } from "~/lib/board-state";
import { Button } from "../ui/button";
import { Skeleton, Spinner } from "../ui/spinner";
import type { useBoardColumns } from "./use-board-columns";
import { QuickAddTask } from "./quick-add-task";
import { TaskCard } from "./task-card";

/** The droppable id of a column's body (for drops below the last card or into an empty column). */
export const columnDropId = (status: TaskStatus) => `column:${status}`;

export function BoardColumn({
  orgId,
  projectId,
  status,
  count,
  query,
  canWrite,
  moving,
  focusRequest,
  onMove,
  onCreated,
}: {
  orgId: string;
  projectId: string;
  status: TaskStatus;
  /** Live tasks in the column (the project's count; more than the loaded cards when pages remain). */
  count: number | undefined;
  query: ReturnType<typeof useBoardColumns>[TaskStatus];
  canWrite: boolean;
  moving: ReadonlySet<string>;
  focusRequest: { taskId: string; nonce: number } | null;
  onMove: (task: TaskDto, move: "up" | "down" | TaskStatus) => void;
  onCreated: (task: TaskDto) => void;
}) {
  const tasks = columnTasks(query.data);
  const droppable = useDroppable({ id: columnDropId(status), data: { status }, disabled: !canWrite });
  const label = COLUMN_LABELS[status];
  const headingId = `column-${status}-heading`;

  return (
    <section
      aria-labelledby={headingId}
      data-testid={`column-${status}`}
      className="flex w-[82vw] max-w-sm shrink-0 snap-start flex-col rounded-xl bg-slate-100/80 p-2 ring-1 ring-slate-200 sm:w-72 lg:w-auto lg:max-w-none"
    >
      <header className="flex items-center justify-between px-2 py-1.5">
        <h2 id={headingId} className="text-sm font-semibold text-slate-800">
          {label}
        </h2>
        <span
          className="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200"
          data-testid="column-count"
        >
          {count ?? tasks.length}
        </span>
      </header>

      <div
        ref={droppable.setNodeRef}
        className={`flex min-h-24 flex-1 flex-col gap-2 rounded-lg p-1 transition-colors ${droppable.isOver ? "bg-brand-50 ring-2 ring-brand-200" : ""}`}
      >
        {query.isPending ? (
          <div aria-label={`Loading ${label}`} className="space-y-2">
            <Skeleton className="h-20 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : query.isError && !query.data ? (
          <div role="alert" className="rounded-lg bg-rose-50 p-3 text-sm text-rose-800">
            <p>{toUserFacingError(query.error).message}</p>
            <Button variant="secondary" className="mt-2 !px-3 !py-1.5" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </div>
        ) : (
          <SortableContext id={status} items={tasks.map((task) => task.id)} strategy={verticalListSortingStrategy}>
            <ul className="flex flex-col gap-2" aria-label={`${label} tasks`}>
              {tasks.map((task, index) => (
                <TaskCard
                  key={task.id}
                  task={task}
                  index={index}
                  columnSize={tasks.length}
                  canWrite={canWrite}
                  moving={moving.has(task.id)}
                  focusRequest={focusRequest}
                  onMove={(move) => onMove(task, move)}
                />
              ))}
            </ul>
            {tasks.length === 0 && <p className="px-2 py-4 text-center text-xs text-slate-500">No tasks here.</p>}
          </SortableContext>
        )}
        {query.isFetchNextPageError && (
          <p role="alert" className="px-2 text-xs text-rose-700">
            More tasks could not be loaded.
          </p>
        )}
        {query.hasNextPage && (
          <Button
            variant="secondary"
            className="!py-1.5"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? <Spinner label="Loading…" /> : `Load more in ${label}`}
          </Button>
        )}
      </div>
      {canWrite && (
        <div className="mt-1">
          <QuickAddTask orgId={orgId} projectId={projectId} status={status} onCreated={onCreated} />
        </div>
      )}
    </section>
  );
}
