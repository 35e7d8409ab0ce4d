"use client";

import { useHeartbeat } from "./use-heartbeat";

const LABELS = {
  idle: "Offline",
  connecting: "Connecting…",
  pending: "Live",
  error: "Disconnected",
} as const;

/** A small live dot in the top bar: green while the SSE heartbeat stream is open. */
export function ConnectionIndicator() {
  const { status, lastBeat } = useHeartbeat();
  const live = status === "pending" && lastBeat !== null;
  const label = live ? "Live" : status === "pending" ? "Connecting…" : LABELS[status];
  return (
    <span className="inline-flex items-center gap-2 text-xs font-medium text-slate-600" data-testid="connection-indicator" aria-live="polite">
      <span aria-hidden className={`size-2 rounded-full ${live ? "bg-emerald-500" : status === "error" ? "bg-rose-500" : "bg-amber-400"}`} />
      {label}
    </span>
  );
}
