"use client";

import { roleHasPermission, TASK_STATUSES, type Role, type TaskDto, type TaskStatus } from "@agency/validators";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCorners,
  pointerWithin,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { isNotFound } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { COLUMN_LABELS } from "~/lib/board-columns";
import { afterTaskIdForDrop, menuMoveTarget, type MoveTarget } from "~/lib/board-moves";
import { columnTasks, findTask } from "~/lib/board-state";
import { useTRPC } from "~/trpc/react";
import { ProjectStatusBadge } from "../projects/project-status-badge";
import { ProjectFacts } from "../projects/project-summary";
import { ProjectBudgetLine } from "../revenue/project-budget-line";
import { useProjectBudgets } from "../revenue/use-project-budgets";
import { Badge } from "../ui/badge";
import { ProjectDescription } from "../projects/project-description";
import { ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { BoardColumn, columnDropId } from "./board-column";
import { BoardToastView, type BoardToast } from "./board-toast";
import { LiveIndicator } from "./live-indicator";
import { TaskCardBody } from "./task-card";
import { useBoardCache } from "./use-board-cache";
import { useBoardColumns } from "./use-board-columns";
import { useBoardLive } from "./use-board-live";
import { useMoveTask } from "./use-move-task";

export interface BoardOrg {
  id: string;
  name: string;
  role: Role;
}

function statusOfDroppable(data: Record<string, unknown> | undefined): TaskStatus | undefined {
  const sortable = data?.sortable as { containerId?: unknown } | undefined;
  const status = sortable?.containerId ?? data?.status;
  return TASK_STATUSES.find((candidate) => candidate === status);
}

/**
 * Where a drag is over: the droppable under the pointer (a card before its column, so a drop on a
 * card lands next to it), not the one the drag preview overlaps most — the preview is as wide as a
 * column and, grabbed by its grip at the left edge, reaches into the next column. Keyboard drags
 * have no pointer: the nearest droppable, as before.
 */
const pointerFirst: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  if (hits.length === 0) return closestCorners(args);
  const cards = hits.filter((hit) => !String(hit.id).startsWith("column:"));
  return cards.length > 0 ? cards : hits;
};

/** The live kanban board of one project: four columns, drag and keyboard moves, updates from everyone. */
export function ProjectBoard({ org, projectId }: { org: BoardOrg; projectId: string }) {
  const trpc = useTRPC();
  const project = useQuery(trpc.projects.get.queryOptions({ orgId: org.id, projectId }));
  const canWrite = roleHasPermission(org.role, "task:write");
  const found = project.isSuccess && project.data.deletedAt === null;
  const budget = useProjectBudgets(org.id, [projectId], found && roleHasPermission(org.role, "revenue:read")).get(
    projectId,
  );
  const cache = useBoardCache(org.id, projectId);
  const columns = useBoardColumns(org.id, projectId, found);
  const live = useBoardLive(org.id, projectId, cache, found);
  const [toast, setToast] = useState<BoardToast | null>(null);
  const dismissToast = useCallback(() => setToast(null), []);
  const { moving, moveTask } = useMoveTask(org.id, cache, setToast);
  const [focusRequest, setFocusRequest] = useState<{ taskId: string; nonce: number } | null>(null);
  const [dragging, setDragging] = useState<TaskDto | null>(null);
  /** The width of the card picked up: its preview keeps it, so it never spans two columns. */
  const [dragWidth, setDragWidth] = useState<number | null>(null);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const idsByColumn = () =>
    Object.fromEntries(
      TASK_STATUSES.map((status) => [status, columnTasks(columns[status].data).map((task) => task.id)]),
    ) as Record<TaskStatus, string[]>;
  const titleOf = (id: string | number) =>
    TASK_STATUSES.map((status) => findTask(columns[status].data, String(id))).find(Boolean)?.title ?? "the task";

  function onMenuMove(task: TaskDto, move: "up" | "down" | TaskStatus) {
    const target = menuMoveTarget(idsByColumn(), task, move);
    if (!target) return;
    moveTask(task, target);
    setFocusRequest({ taskId: task.id, nonce: Date.now() });
  }

  function dropTarget(event: DragEndEvent): MoveTarget | undefined {
    const { active, over } = event;
    if (!over) return undefined;
    const ids = idsByColumn();
    const overId = String(over.id);
    const columnStatus = TASK_STATUSES.find((status) => columnDropId(status) === overId);
    if (columnStatus)
      return {
        status: columnStatus,
        afterTaskId: afterTaskIdForDrop(ids[columnStatus], String(active.id), ids[columnStatus].length),
      };
    const status = statusOfDroppable(over.data.current);
    if (!status) return undefined;
    return { status, afterTaskId: afterTaskIdForDrop(ids[status], String(active.id), ids[status].indexOf(overId)) };
  }

  function onDragEnd(event: DragEndEvent) {
    setDragging(null);
    const task = dragging;
    const target = dropTarget(event);
    if (!task || !target) return;
    const ids = idsByColumn()[target.status];
    const unchanged =
      target.status === task.status && afterTaskIdForDrop(ids, task.id, ids.indexOf(task.id)) === target.afterTaskId;
    if (!unchanged) moveTask(task, target);
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)}.`,
    onDragOver: ({ active, over }) => {
      const status = over
        ? (statusOfDroppable(over.data.current) ?? TASK_STATUSES.find((s) => columnDropId(s) === over.id))
        : undefined;
      return status
        ? `${titleOf(active.id)} is over ${COLUMN_LABELS[status]}.`
        : `${titleOf(active.id)} is no longer over a column.`;
    },
    onDragEnd: ({ active, over }) =>
      over ? `Dropped ${titleOf(active.id)}.` : `${titleOf(active.id)} was dropped where it was.`,
    onDragCancel: ({ active }) => `Moving ${titleOf(active.id)} was cancelled.`,
  };

  if (project.isPending) {
    return (
      <div className="space-y-6" data-testid="board-loading">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
        <div className="grid gap-4 lg:grid-cols-4">
          {TASK_STATUSES.map((status) => (
            <Skeleton key={status} className="h-64" />
          ))}
        </div>
      </div>
    );
  }
  if (project.isError) {
    if (isNotFound(project.error)) return <BoardNotFound orgName={org.name} />;
    return (
      <ErrorState
        {...toUserFacingError(project.error)}
        onRetry={() => void project.refetch()}
        retrying={project.isRefetching}
      />
    );
  }
  if (project.data.deletedAt !== null) {
    return (
      <EmptyState
        icon="🗑"
        title={`${project.data.name} is in the trash`}
        description="Its board is hidden while the project is deleted. An admin can restore it from the projects trash."
        action={
          <ButtonLink href="/app/projects?view=trash" variant="secondary">
            Open the trash
          </ButtonLink>
        }
      />
    );
  }

  const current = project.data;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
            <Link href="/app/projects" className="hover:underline">
              Projects
            </Link>{" "}
            /{" "}
            <Link href={`/app/clients/${current.client.id}`} className="hover:underline">
              {current.client.name}
            </Link>
          </nav>
          <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-bold tracking-tight text-slate-900">
            <span className="break-words" data-testid="board-project-name">
              {current.name}
            </span>
            <ProjectStatusBadge status={current.status} />
          </h1>
          <ProjectFacts project={current} />
          {budget && <ProjectBudgetLine budget={budget} />}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {!canWrite && <Badge>Read only</Badge>}
          <LiveIndicator status={live} />
        </div>
      </div>
      <ProjectDescription source={current.description} />
      {!canWrite && (
        <p className="text-sm text-slate-600" data-testid="board-read-only">
          You can follow this board. Members, admins and owners can add and move tasks.
        </p>
      )}

      <DndContext
        sensors={sensors}
        collisionDetection={pointerFirst}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              "To move a task, press Space or Enter on its grip, use the arrow keys, then Space or Enter to drop, or Escape to cancel. The Move button offers the same moves as a menu.",
          },
        }}
        onDragStart={(event: DragStartEvent) => {
          const id = String(event.active.id);
          setDragWidth(event.active.rect.current.initial?.width ?? null);
          setDragging(TASK_STATUSES.map((status) => findTask(columns[status].data, id)).find(Boolean) ?? null);
        }}
        onDragCancel={() => setDragging(null)}
        onDragEnd={onDragEnd}
      >
        <div
          className="-mx-4 flex snap-x snap-mandatory gap-3 overflow-x-auto px-4 pb-3 sm:mx-0 sm:px-0 lg:grid lg:snap-none lg:grid-cols-4 lg:overflow-visible"
          data-testid="board"
          aria-label={`${current.name} board`}
          role="region"
        >
          {TASK_STATUSES.map((status) => (
            <BoardColumn
              key={status}
              orgId={org.id}
              projectId={projectId}
              status={status}
              count={current.taskCounts[status]}
              query={columns[status]}
              canWrite={canWrite}
              moving={moving}
              focusRequest={focusRequest}
              onMove={onMenuMove}
              onCreated={(task) => {
                cache.placeIfNewer(task.id, task.version, task);
                void cache.refetchProject();
                if (columns[status].hasNextPage)
                  setToast({
                    tone: "success",
                    message: `Added “${task.title}” at the end of ${COLUMN_LABELS[status]}.`,
                  });
              }}
            />
          ))}
        </div>
        <DragOverlay>
          {dragging && (
            <div
              className="rotate-1 rounded-lg bg-white p-3 shadow-xl ring-1 ring-brand-200"
              style={{ width: dragWidth ?? undefined }}
            >
              <TaskCardBody task={dragging} />
            </div>
          )}
        </DragOverlay>
      </DndContext>
      <BoardToastView toast={toast} onDismiss={dismissToast} />
    </div>
  );
}

function BoardNotFound({ orgName }: { orgName: string }) {
  return (
    <div data-testid="board-not-found">
      <EmptyState
        icon="▤"
        title="Project not found"
        description={`There is no such project in ${orgName}. It may have been deleted, or it belongs to another organization — switch organizations to open it there.`}
        action={
          <ButtonLink href="/app/projects" variant="secondary">
            All projects
          </ButtonLink>
        }
      />
    </div>
  );
}
