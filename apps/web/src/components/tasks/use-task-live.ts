"use client";

import type { TaskDto } from "@agency/validators";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import type { LiveStatus } from "../board/use-board-live";

/**
 * Keeps an open task page current: the project's board feed (SSE `board.events`), filtered to
 * this task. A field change by someone else replaces the cached task (the event carries it as it
 * is now), so the next edit is sent against the version it was made on and open drafts keep
 * their own base (use-text-draft); a comment event reloads the comments and the count; the
 * history follows both. A `resync` (or the stream opening) reloads all three.
 */
export function useTaskLive(orgId: string, taskId: string, projectId: string | undefined): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connectedOnce, setConnectedOnce] = useState(false);
  const taskKey = trpc.tasks.get.queryKey({ orgId, taskId });

  const reloadComments = () =>
    void queryClient.invalidateQueries(trpc.comments.list.infiniteQueryFilter({ orgId, taskId }));
  const reloadHistory = () => void queryClient.invalidateQueries(trpc.audit.list.infiniteQueryFilter({ orgId }));
  const reloadAll = () => {
    void queryClient.invalidateQueries({ queryKey: taskKey });
    reloadComments();
    reloadHistory();
  };

  const subscription = useSubscription(
    trpc.board.events.subscriptionOptions(
      { orgId, projectId: projectId ?? "" },
      {
        enabled: projectId !== undefined,
        onStarted: () => {
          setConnectedOnce(true);
          // Changes between loading the page and the stream opening are not replayed: reload what is shown.
          reloadAll();
        },
        onData: ({ data }) => {
          if (data.kind === "resync") {
            reloadAll();
            return;
          }
          if (data.taskId !== taskId) return;
          const shown = queryClient.getQueryData<TaskDto>(taskKey);
          if (data.task === null) {
            // Moved to another project or out of sight: ask the server what this page may show now.
            void queryClient.invalidateQueries({ queryKey: taskKey });
          } else if (!shown || data.version > shown.version) {
            queryClient.setQueryData(taskKey, data.task);
          } else if (data.version === shown.version && data.kind.startsWith("comment.")) {
            // Comments leave the task's version alone; the count is new.
            queryClient.setQueryData(taskKey, { ...shown, commentCount: data.task.commentCount });
          }
          if (data.kind.startsWith("comment.")) reloadComments();
          reloadHistory();
        },
      },
    ),
  );
  if (subscription.status === "pending") return "live";
  if (subscription.status === "error") return "offline";
  return connectedOnce ? "reconnecting" : "connecting";
}
