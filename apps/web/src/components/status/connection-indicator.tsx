"use client";

import { describeConnection } from "~/lib/connection";
import { useHeartbeat } from "./heartbeat";

const DOT = { success: "bg-emerald-500", warning: "bg-amber-400", danger: "bg-rose-500" } as const;

/** A small live dot in the top bar: green once heartbeats arrive over the SSE stream, labelled from sm up. */
export function ConnectionIndicator() {
  const { status, lastBeat } = useHeartbeat();
  const view = describeConnection(status, lastBeat !== null);
  return (
    <span
      className="inline-flex items-center gap-2 text-xs font-medium text-slate-600"
      role="status"
      aria-label={`Live updates: ${view.label}`}
    >
      <span
        aria-hidden
        className={`size-2 rounded-full ${DOT[view.tone]} ${view.tone === "success" ? "motion-safe:animate-pulse" : ""}`}
      />
      {/* The dot alone on phones: the top bar is full there (the aria-label still says it). */}
      <span className="hidden sm:inline" data-testid="connection-indicator">
        {view.label}
      </span>
    </span>
  );
}
