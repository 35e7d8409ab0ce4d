"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

/**
 * The top bar's inbox link with the unread count. The count is live (SSE `notifications.events`:
 * the database notifies at commit); every change also refreshes open inbox and My work lists.
 */
export function NotificationBell({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = useQuery(trpc.notifications.unreadCount.queryOptions({ orgId }, { staleTime: 30_000 }));
  const [live, setLive] = useState<number | null>(null);
  useSubscription(
    trpc.notifications.events.subscriptionOptions(
      { orgId },
      {
        onData: (item) => {
          setLive(item.unread);
          void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
          void queryClient.invalidateQueries(trpc.myWork.get.pathFilter());
        },
      },
    ),
  );
  const unread = live ?? initial.data?.unread ?? 0;
  const label = unread === 0 ? "Notifications, none unread" : `Notifications, ${unread} unread`;

  return (
    <Link
      href="/app/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className="relative grid size-8 shrink-0 place-items-center rounded-md sm:size-9 text-slate-700 hover:bg-slate-100"
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.6">
        <path d="M10 2.5a5 5 0 0 0-5 5v2.8L3.6 13a.6.6 0 0 0 .5.9h11.8a.6.6 0 0 0 .5-.9L15 10.3V7.5a5 5 0 0 0-5-5Z" />
        <path d="M8 15.8a2 2 0 0 0 4 0" />
      </svg>
      {unread > 0 && (
        <span
          data-testid="unread-count"
          className="absolute -right-0.5 -top-0.5 min-w-[1.125rem] rounded-full bg-rose-600 px-1 text-center text-[11px] font-semibold leading-[1.125rem] text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
