"use client";

import { taskSchema, type TaskDto } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { conflictCurrent } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { COLUMN_LABELS } from "~/lib/board-columns";
import { optimisticMove, type MoveTarget } from "~/lib/board-moves";
import { columnTasks, findTask } from "~/lib/board-state";
import { useTRPC } from "~/trpc/react";
import type { BoardCache } from "./use-board-cache";
import type { BoardToast } from "./board-toast";

/**
 * Moves a card at once (optimistic) and asks the API to move it after `afterTaskId`.
 * Refused: the card goes back and a toast says why; a stale version (someone moved or
 * edited it first) shows their version of the card instead and says so.
 */
export function useMoveTask(orgId: string, cache: BoardCache, notify: (toast: BoardToast) => void) {
  const trpc = useTRPC();
  const [moving, setMoving] = useState<ReadonlySet<string>>(new Set());
  const mark = (taskId: string, on: boolean) =>
    setMoving((current) => {
      const next = new Set(current);
      if (on) next.add(taskId);
      else next.delete(taskId);
      return next;
    });

  const move = useMutation(
    trpc.tasks.move.mutationOptions({
      onMutate: async (input) => {
        await cache.cancel();
        const columns = cache.read();
        const original = Object.values(columns)
          .map((data) => findTask(data, input.taskId))
          .find(Boolean);
        if (original) {
          const target: MoveTarget = { status: input.status, afterTaskId: input.afterTaskId };
          cache.place(original.id, optimisticMove(original, target, columnTasks(columns[input.status])));
        }
        return { original };
      },
      onSuccess: (task) => {
        cache.placeIfNewer(task.id, task.version, task);
      },
      onError: (error, input, context) => {
        const latest = conflictCurrent(error, taskSchema);
        const title = context?.original?.title ?? "The task";
        if (latest) {
          cache.place(latest.id, latest.deletedAt ? null : latest);
          notify({
            tone: "warning",
            message: `“${latest.title}” was changed by someone else just now, so it was not moved. The board shows the latest version (${COLUMN_LABELS[latest.status]}); move it again if you still want to.`,
          });
          return;
        }
        if (context?.original) cache.place(context.original.id, context.original);
        notify({
          tone: "error",
          message: `Couldn't move “${title}” to ${COLUMN_LABELS[input.status]}: ${toUserFacingError(error).message}`,
        });
        cache.refetchAll();
      },
      onSettled: (_data, _error, input) => {
        mark(input.taskId, false);
        // Column counts come from the project: right after any outcome.
        void cache.refetchProject();
      },
    }),
  );

  return {
    moving,
    moveTask: (task: TaskDto, target: MoveTarget) => {
      // One move per card at a time: the next one needs the version this one produces.
      if (moving.has(task.id)) return;
      if (
        target.status === task.status &&
        target.afterTaskId === null &&
        columnTasks(cache.read()[task.status])[0]?.id === task.id
      )
        return;
      mark(task.id, true);
      move.mutate({
        orgId,
        taskId: task.id,
        expectedVersion: task.version,
        status: target.status,
        afterTaskId: target.afterTaskId,
      });
    },
  };
}
