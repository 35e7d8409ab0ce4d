"use client";

import { taskSchema, type TaskDto } from "@agency/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { conflictCurrent, isNotFound } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { applyTaskEdit, type TaskEdit } from "~/lib/task-edit";
import { useTRPC } from "~/trpc/react";

/** How a save ended; after a conflict, `latest` is the server's current copy. */
export type SaveOutcome = { outcome: "saved" } | { outcome: "conflict"; latest: TaskDto } | { outcome: "error" };

export interface TaskConflict {
  /** The copy this page had when the save was sent. */
  mine: TaskDto;
  /** What the server has now (from the 409's `details.current`). */
  latest: TaskDto;
  /** The edit that was refused: still shown, and sent again on request. */
  edit: TaskEdit;
}

/**
 * Saves edits of one task against the version this page holds. The cached task
 * shows the edit at once and goes back if the API refuses it; a stale version
 * (409) puts the server's latest copy in the cache and keeps the refused edit
 * in `conflict`, so the person can load the latest or send theirs again.
 * One save at a time: the next one needs the version the previous one returns.
 */
export function useTaskEditor(orgId: string, taskId: string, people: ReadonlyMap<string, string>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.tasks.get.queryKey({ orgId, taskId });
  const [conflict, setConflict] = useState<TaskConflict | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Bumped when the latest version is loaded over a conflict: editors remount and drop their drafts. */
  const [resetKey, setResetKey] = useState(0);

  const afterSave = (saved: TaskDto) => {
    queryClient.setQueryData(key, saved);
    void queryClient.invalidateQueries(trpc.tasks.list.infiniteQueryFilter({ orgId }));
    void queryClient.invalidateQueries(trpc.audit.list.infiniteQueryFilter({ orgId }));
    void queryClient.invalidateQueries(trpc.labels.list.queryFilter({ orgId }));
  };
  const update = useMutation(trpc.tasks.update.mutationOptions({ onSuccess: afterSave }));
  const move = useMutation(trpc.tasks.move.mutationOptions({ onSuccess: afterSave }));

  /**
   * Saves run one after another: each needs the version the previous one returns. An edit
   * made while another is in flight (a label added while the due date saves) waits its turn
   * instead of being refused or silently dropped. Pass a function to compute the edit from
   * the task as it is when its turn comes (e.g. adding a label to the labels as saved so far).
   */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  function save(
    edit: TaskEdit | ((current: TaskDto) => TaskEdit),
    expectedVersion?: number,
    /** The task as the draft was opened on: a conflict shows what changed since then (the page is live, so the cached copy may already be the latest). */
    openedOn?: TaskDto,
  ): Promise<SaveOutcome> {
    const run = queue.current.then(() => saveNow(edit, expectedVersion, openedOn));
    queue.current = run;
    return run;
  }

  async function saveNow(
    next: TaskEdit | ((current: TaskDto) => TaskEdit),
    expectedVersion?: number,
    openedOn?: TaskDto,
  ): Promise<SaveOutcome> {
    // A refetch landing after the optimistic copy would show the old value again.
    await queryClient.cancelQueries({ queryKey: key });
    const mine = queryClient.getQueryData<TaskDto>(key);
    if (!mine) return { outcome: "error" };
    const edit = typeof next === "function" ? next(mine) : next;
    const version = expectedVersion ?? mine.version;
    setError(null);
    setConflict(null);
    queryClient.setQueryData(key, applyTaskEdit(mine, edit, people));
    try {
      if (edit.kind === "status") {
        await move.mutateAsync({ orgId, taskId, expectedVersion: version, status: edit.status, afterTaskId: null });
      } else {
        await update.mutateAsync({ orgId, taskId, expectedVersion: version, patch: edit.patch });
      }
      return { outcome: "saved" };
    } catch (failure) {
      queryClient.setQueryData(key, mine);
      const latest = conflictCurrent(failure, taskSchema);
      if (latest) {
        queryClient.setQueryData(key, latest);
        setConflict({ mine: openedOn ?? mine, latest, edit });
        // The lists and the history are as stale as this page was.
        void queryClient.invalidateQueries(trpc.tasks.list.infiniteQueryFilter({ orgId }));
        void queryClient.invalidateQueries(trpc.audit.list.infiniteQueryFilter({ orgId }));
        return { outcome: "conflict", latest };
      }
      setError(toUserFacingError(failure).message);
      if (isNotFound(failure)) void queryClient.invalidateQueries({ queryKey: key });
      return { outcome: "error" };
    }
  }

  return {
    save,
    pending: update.isPending || move.isPending,
    conflict,
    error,
    dismissError: () => setError(null),
    resetKey,
    /** Drop the refused edit and show the latest version everywhere. */
    loadLatest: () => {
      setConflict(null);
      setResetKey((value) => value + 1);
    },
    /** Send the refused edit again, on top of the latest version (open editors close once it is saved). */
    saveMineAgain: async () => {
      if (!conflict) return;
      const result = await save(conflict.edit, conflict.latest.version);
      if (result.outcome === "saved") setResetKey((value) => value + 1);
    },
  };
}

export type TaskEditor = ReturnType<typeof useTaskEditor>;
