"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import type { SubscriptionStatus } from "~/lib/connection";
import { useTRPC } from "~/trpc/react";

/** What this page uses of a beat: that it arrived, and when. */
export interface Beat {
  sequence: number;
  time: string;
}

interface HeartbeatState {
  status: SubscriptionStatus;
  lastBeat: Beat | null;
}

const HeartbeatContext = createContext<HeartbeatState | null>(null);

/**
 * One SSE subscription to `system.heartbeat` per page, shared by everything
 * that shows it (top bar indicator, status panel): browsers allow only a few
 * HTTP/1.1 connections per origin. On reconnect the link resumes after the
 * last event id (`tracked` on the API side).
 */
export function HeartbeatProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const [lastBeat, setLastBeat] = useState<Beat | null>(null);
  const subscription = useSubscription(
    trpc.system.heartbeat.subscriptionOptions(undefined, {
      onData: (event) => setLastBeat({ sequence: event.data.sequence, time: event.data.time }),
    }),
  );
  return <HeartbeatContext value={{ status: subscription.status, lastBeat }}>{children}</HeartbeatContext>;
}

export function useHeartbeat(): HeartbeatState {
  const state = useContext(HeartbeatContext);
  if (!state) throw new Error("useHeartbeat() needs a <HeartbeatProvider> above it.");
  return state;
}
