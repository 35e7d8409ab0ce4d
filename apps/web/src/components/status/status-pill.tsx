"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { describeServiceStatus } from "~/lib/service-status";
import { useTRPC } from "~/trpc/react";

const DOT = { success: "bg-emerald-500", warning: "bg-amber-500", danger: "bg-rose-500", neutral: "bg-slate-300" } as const;

/** One-line live status for the landing page, linking to the /status page. */
export function StatusPill() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: 30_000 });
  const view = describeServiceStatus(status.data, status.isError);
  return (
    <Link
      href="/status"
      className="inline-flex items-center gap-2 rounded-full bg-white px-3 py-1 text-sm text-slate-700 ring-1 ring-slate-200 hover:ring-slate-300"
      data-testid="status-pill"
    >
      <span aria-hidden className={`size-2 rounded-full ${DOT[view.tone]}`} />
      <span>
        <span className="sr-only">System status: </span>
        {view.headline}
      </span>
    </Link>
  );
}
