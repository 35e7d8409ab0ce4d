"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useRef, useState } from "react";
import { useTRPC } from "~/trpc/react";
import type { BoardCache } from "./use-board-cache";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

/**
 * The board's change feed (SSE). Each event carries the task as it is now: it is placed in
 * the cached columns, so everyone's moves show within a moment without reloading. On
 * reconnect the link sends the last event id and the server replays what was missed (or
 * asks for a reload with `resync`). The first connection starts from the board's head as the
 * page read it before its columns (board.head), so changes made in between are replayed too and
 * the columns are not loaded twice; without that point the columns are reloaded when it opens.
 */
export function useBoardLive(orgId: string, projectId: string, cache: BoardCache, enabled: boolean): LiveStatus {
  const trpc = useTRPC();
  const [connectedOnce, setConnectedOnce] = useState(false);
  const [resumeFrom] = useState(() => cache.resumePoint());
  const starts = useRef(0);
  const subscription = useSubscription(
    trpc.board.events.subscriptionOptions(
      { orgId, projectId, ...(resumeFrom ? { lastEventId: resumeFrom } : {}) },
      {
        enabled,
        onStarted: () => {
          setConnectedOnce(true);
          starts.current += 1;
          if (starts.current === 1 && resumeFrom) return; // the stream replays what changed since the columns were read
          // Otherwise changes between loading the columns and the stream opening are not replayed: reload what is shown.
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
