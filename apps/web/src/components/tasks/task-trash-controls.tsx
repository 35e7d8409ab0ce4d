"use client";

import type { TaskDto } from "@agency/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { conflictCurrent } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { formatDate } from "~/lib/dates";
import { taskSchema } from "@agency/validators";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { InlineAlert } from "../ui/inline-alert";

/** Move to trash (after a confirmation) and restore; the cached task follows the server's answer. */
function useTrashMutation(orgId: string, taskId: string, kind: "delete" | "restore") {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.tasks.get.queryKey({ orgId, taskId });
  const settle = (task: TaskDto) => {
    queryClient.setQueryData(key, task);
    void queryClient.invalidateQueries(trpc.tasks.list.infiniteQueryFilter({ orgId }));
    void queryClient.invalidateQueries(trpc.audit.list.infiniteQueryFilter({ orgId }));
  };
  const options = {
    onSuccess: settle,
    onError: (error: unknown) => {
      const latest = conflictCurrent(error, taskSchema);
      if (latest) queryClient.setQueryData(key, latest);
    },
  };
  const remove = useMutation(trpc.tasks.delete.mutationOptions(options));
  const restore = useMutation(trpc.tasks.restore.mutationOptions(options));
  return kind === "delete" ? remove : restore;
}

function failureMessage(error: unknown, verb: string) {
  return conflictCurrent(error, taskSchema)
    ? `Someone else changed this task just now, so it was not ${verb}. The page shows their version; try again if still needed.`
    : `The task was not ${verb}: ${toUserFacingError(error).message}`;
}

export function MoveTaskToTrash({ orgId, task }: { orgId: string; task: TaskDto }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useTrashMutation(orgId, task.id, "delete");
  return (
    <div className="space-y-2">
      {confirming ? (
        <div role="group" aria-label="Confirm moving to the trash" className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-700">Move this task to the trash?</span>
          <Button
            variant="secondary"
            className="text-rose-700"
            autoFocus
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(
                { orgId, taskId: task.id, expectedVersion: task.version },
                { onSettled: () => setConfirming(false) },
              )
            }
          >
            {remove.isPending ? "Moving…" : "Yes, move to trash"}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="ghost" className="text-rose-700" onClick={() => setConfirming(true)}>
          Move to trash
        </Button>
      )}
      {remove.error && <InlineAlert tone="error">{failureMessage(remove.error, "moved to the trash")}</InlineAlert>}
    </div>
  );
}

export function TrashedTaskBanner({ orgId, task, canWrite }: { orgId: string; task: TaskDto; canWrite: boolean }) {
  const restore = useTrashMutation(orgId, task.id, "restore");
  return (
    <InlineAlert
      tone="warning"
      testId="task-trashed"
      title="This task is in the trash"
      actions={
        canWrite ? (
          <Button
            variant="secondary"
            disabled={restore.isPending}
            onClick={() => restore.mutate({ orgId, taskId: task.id, expectedVersion: task.version })}
          >
            {restore.isPending ? "Restoring…" : "Restore task"}
          </Button>
        ) : undefined
      }
    >
      {task.deletedAt ? `Deleted ${formatDate(task.deletedAt)}. ` : ""}
      It is hidden from lists and boards{canWrite ? " until you restore it" : ""}; its comments come back with it.
      {restore.error && <span className="mt-1 block font-medium">{failureMessage(restore.error, "restored")}</span>}
    </InlineAlert>
  );
}
