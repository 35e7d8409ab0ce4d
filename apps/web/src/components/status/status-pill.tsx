"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/trpc/react";

const TONES = {
  ok: { dot: "bg-emerald-500", text: "All systems normal" },
  degraded: { dot: "bg-amber-500", text: "Running degraded" },
  down: { dot: "bg-rose-500", text: "Status unavailable" },
  checking: { dot: "bg-slate-300", text: "Checking status…" },
} as const;

/** One-line live status for the landing page, linking to the full /status page. */
export function StatusPill() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: 30_000 });
  const state = status.data
    ? status.data.status === "ok" && status.data.database.reachable
      ? "ok"
      : "degraded"
    : status.isError
      ? "down"
      : "checking";
  const tone = TONES[state];
  return (
    <Link
      href="/status"
      className="inline-flex items-center gap-2 rounded-full bg-white px-3 py-1 text-sm text-slate-700 ring-1 ring-slate-200 hover:ring-slate-300"
      data-testid="status-pill"
    >
      <span aria-hidden className={`size-2 rounded-full ${tone.dot}`} />
      <span>
        <span className="sr-only">System status: </span>
        {tone.text}
      </span>
    </Link>
  );
}
