"use client";

import { useEffect } from "react";

export interface BoardToast {
  tone: "error" | "warning" | "success";
  message: string;
}

const TONES: Record<BoardToast["tone"], string> = {
  error: "bg-rose-50 text-rose-900 ring-rose-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  success: "bg-emerald-50 text-emerald-900 ring-emerald-200",
};

/** A message pinned to the bottom of the screen (moves happen far from any form). Successes fade after a few seconds. */
export function BoardToastView({ toast, onDismiss }: { toast: BoardToast | null; onDismiss: () => void }) {
  useEffect(() => {
    if (toast?.tone !== "success") return;
    const timer = setTimeout(onDismiss, 4000);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  if (!toast) return null;
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4">
      <div
        role={toast.tone === "success" ? "status" : "alert"}
        data-testid="board-toast"
        className={`pointer-events-auto flex max-w-lg items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ring-1 ring-inset ${TONES[toast.tone]}`}
      >
        <p className="min-w-0 flex-1">{toast.message}</p>
        <button type="button" onClick={onDismiss} className="shrink-0 font-semibold underline">
          Dismiss
        </button>
      </div>
    </div>
  );
}
