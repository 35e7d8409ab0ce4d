"use client";

import { TASK_STATUSES, type BoardEventKind, type TaskDto, type TaskStatus } from "@agency/validators";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { columnInput } from "~/lib/board-columns";
import { applyTaskToColumn, isNewerThanCached, isNewsForBoard, type ColumnData } from "~/lib/board-state";
import { useTRPC } from "~/trpc/react";

export { columnInput };

/**
 * The four cached column lists of one board, edited together: a task is placed where its
 * status and position say (and removed everywhere else) — for optimistic moves, server
 * answers and live events alike.
 */
export function useBoardCache(orgId: string, projectId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMemo(() => {
    const keyOf = (status: TaskStatus) => trpc.tasks.list.infiniteQueryKey(columnInput(orgId, projectId, status));
    const read = () =>
      Object.fromEntries(
        TASK_STATUSES.map((status) => [status, queryClient.getQueryData<ColumnData>(keyOf(status))]),
      ) as Record<TaskStatus, ColumnData | undefined>;
    /** Puts the task where it belongs now (null: gone from the board). */
    const place = (taskId: string, task: TaskDto | null) => {
      for (const status of TASK_STATUSES) {
        queryClient.setQueryData<ColumnData>(keyOf(status), (data) =>
          applyTaskToColumn(data, status, projectId, taskId, task),
        );
      }
    };
    return {
      keyOf,
      read,
      place,
      /** Places the task unless the board already shows this version or a newer one. */
      placeIfNewer: (taskId: string, version: number, task: TaskDto | null) => {
        if (isNewerThanCached({ taskId, version }, read())) place(taskId, task);
      },
      /** Places the task a live event carries when it is news (see isNewsForBoard: comment counts too). */
      placeEvent: (kind: BoardEventKind, taskId: string, version: number, task: TaskDto | null) => {
        if (isNewsForBoard({ kind, taskId, version }, read())) place(taskId, task);
      },
      cancel: () =>
        queryClient.cancelQueries(trpc.tasks.list.infiniteQueryFilter({ orgId, projectId, sort: "position" })),
      refetchAll: () => {
        void queryClient.invalidateQueries(trpc.tasks.list.infiniteQueryFilter({ orgId, projectId, sort: "position" }));
        void queryClient.invalidateQueries(trpc.projects.get.queryFilter({ orgId, projectId }));
      },
      refetchProject: () => queryClient.invalidateQueries(trpc.projects.get.queryFilter({ orgId, projectId })),
      /**
       * Where a live stream can start without reloading the columns: the board's head event id when
       * it was read before every cached column (the page reads it first, then the columns), so the
       * stream replays whatever changed since. Null when that does not hold: the caller reloads.
       */
      resumePoint: (): string | null => {
        const head = queryClient.getQueryState<{ lastEventId: string }>(trpc.board.head.queryKey({ orgId, projectId }));
        if (!head?.data) return null;
        const columns = TASK_STATUSES.map((status) => queryClient.getQueryState(keyOf(status)));
        const readAfterHead = columns.every((column) => column?.data !== undefined && column.dataUpdatedAt >= head.dataUpdatedAt);
        return readAfterHead ? head.data.lastEventId : null;
      },
    };
  }, [trpc, queryClient, orgId, projectId]);
}

export type BoardCache = ReturnType<typeof useBoardCache>;
