"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import type { BoardCache } from "./use-board-cache";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

/**
 * The board's change feed (SSE). Each event carries the task as it is now: it is placed in
 * the cached columns, so everyone's moves show within a moment without reloading. On
 * reconnect the link sends the last event id and the server replays what was missed (or
 * asks for a reload with `resync`).
 */
export function useBoardLive(orgId: string, projectId: string, cache: BoardCache, enabled: boolean): LiveStatus {
  const trpc = useTRPC();
  const [connectedOnce, setConnectedOnce] = useState(false);
  const subscription = useSubscription(
    trpc.board.events.subscriptionOptions(
      { orgId, projectId },
      {
        enabled,
        onStarted: () => {
          setConnectedOnce(true);
          // Changes between loading the columns and the stream opening are not replayed: reload what is shown.
          if (Object.values(cache.read()).some(Boolean)) cache.refetchAll();
        },
        onData: ({ data }) => {
          if (data.kind === "resync") {
            cache.refetchAll();
            return;
          }
          cache.placeEvent(data.kind, data.taskId, data.version, data.task);
          // Column counts in the header come from the project: cheap to refresh, always right.
          void cache.refetchProject();
        },
      },
    ),
  );
  if (subscription.status === "pending") return "live";
  if (subscription.status === "error") return "offline";
  return connectedOnce ? "reconnecting" : "connecting";
}
