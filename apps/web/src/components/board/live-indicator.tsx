import type { LiveStatus } from "./use-board-live";

const VIEW: Record<LiveStatus, { label: string; dot: string }> = {
  live: { label: "Live", dot: "bg-emerald-500 motion-safe:animate-pulse" },
  connecting: { label: "Connecting…", dot: "bg-amber-400" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-400" },
  offline: { label: "Offline — changes by others appear after a reload", dot: "bg-rose-500" },
};

/** Whether other people's changes reach this board (or task page) as they happen. */
export function LiveIndicator({ status, subject = "Board" }: { status: LiveStatus; subject?: string }) {
  const view = VIEW[status];
  return (
    <span
      className="inline-flex items-center gap-2 text-xs font-medium text-slate-600"
      role="status"
      aria-label={`${subject} updates: ${view.label}`}
    >
      <span aria-hidden className={`size-2 rounded-full ${view.dot}`} />
      <span data-testid="board-live">{view.label}</span>
    </span>
  );
}
