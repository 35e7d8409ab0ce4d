"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

export interface Beat {
  sequence: number;
  time: string;
  uptimeSeconds: number;
}

/** The API's SSE heartbeat: connection state and the last beat received. */
export function useHeartbeat() {
  const trpc = useTRPC();
  const [lastBeat, setLastBeat] = useState<Beat | null>(null);
  const subscription = useSubscription(
    trpc.system.heartbeat.subscriptionOptions(undefined, {
      onData: (event) => setLastBeat(event.data),
    }),
  );
  return { status: subscription.status, error: subscription.error, lastBeat };
}
