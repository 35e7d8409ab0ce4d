"use client";

import type { NotificationDto, notificationPageSchema } from "@agency/validators";
import type { z } from "zod";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/format-date-time";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { notificationText } from "./notification-text";

/**
 * The inbox: newest first, unread ones marked; opening one marks it read; mark read / unread one
 * by one or all at once. New notifications appear live (the top bar's stream refreshes this list).
 */
export function Inbox({ orgId, initial }: { orgId: string; initial: z.infer<typeof notificationPageSchema> | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const input = { orgId, limit: 30, unreadOnly };
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // The first page comes with the server's response (the "All" view).
      initialData: initial && !unreadOnly ? { pages: [initial], pageParams: [null] } : undefined,
      staleTime: 5_000,
    }),
  );
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
    void queryClient.invalidateQueries(trpc.notifications.unreadCount.pathFilter());
    void queryClient.invalidateQueries(trpc.myWork.get.pathFilter());
  };
  const mark = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Show" className="inline-flex rounded-lg bg-white p-0.5 ring-1 ring-slate-200">
          {[false, true].map((only) => (
            <button
              key={String(only)}
              type="button"
              aria-pressed={unreadOnly === only}
              onClick={() => setUnreadOnly(only)}
              className={`rounded-md px-3 py-1 text-sm font-medium ${unreadOnly === only ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {only ? "Unread" : "All"}
            </button>
          ))}
        </div>
        <p className="text-sm text-slate-600" data-testid="inbox-unread">
          {unread === 0 ? "Nothing unread" : `${unread} unread`}
        </p>
        <Button
          variant="secondary"
          className="ml-auto"
          disabled={unread === 0 || mark.isPending}
          onClick={() => mark.mutate({ orgId, all: true })}
        >
          Mark all read
        </Button>
      </div>
      {mark.isError && (
        <p role="alert" className="text-sm text-rose-700">
          {toUserFacingError(mark.error).message}
        </p>
      )}

      {list.isPending && (
        <div className="space-y-2" aria-busy>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-16 w-full" />
          ))}
        </div>
      )}
      {list.isError && <ErrorState {...toUserFacingError(list.error)} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && (
        <EmptyState
          icon="✓"
          title={unreadOnly ? "You're all caught up" : "No notifications yet"}
          description="You hear here when someone assigns you a task, mentions you, comments on or moves a task you follow, and when your tasks are due tomorrow."
        />
      )}
      {items.length > 0 && (
        <ul
          className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
          data-testid="inbox-list"
        >
          {items.map((n) => (
            <InboxItem
              key={n.id}
              notification={n}
              pending={mark.isPending}
              onOpen={() => !n.readAt && mark.mutate({ orgId, ids: [n.id] })}
              onToggle={() => mark.mutate({ orgId, ids: [n.id], read: !n.readAt })}
            />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load older"}
        </Button>
      )}
    </div>
  );
}

function InboxItem({
  notification: n,
  pending,
  onOpen,
  onToggle,
}: {
  notification: NotificationDto;
  pending: boolean;
  onOpen: () => void;
  onToggle: () => void;
}) {
  const { who, before, after } = notificationText(n);
  const unread = !n.readAt;
  const href = `/app/tasks/${n.task.id}${n.commentId ? `#comment-${n.commentId}` : ""}`;
  return (
    <li
      className={`flex items-start gap-3 px-4 py-3 ${unread ? "bg-brand-50/40" : ""}`}
      data-testid="inbox-item"
      data-unread={unread ? "true" : "false"}
    >
      <span aria-hidden className={`mt-2 size-2 shrink-0 rounded-full ${unread ? "bg-brand-600" : "bg-transparent"}`} />
      <div className="min-w-0 flex-1">
        <p className="text-sm text-slate-800">
          {unread && <span className="sr-only">Unread: </span>}
          {who && <span className="font-medium text-slate-900">{who} </span>}
          {before && `${before} `}
          <Link href={href} onClick={onOpen} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {n.task.title}
          </Link>
          {after && ` ${after}`}
        </p>
        <p className="mt-0.5 text-xs text-slate-600">{formatDateTime(n.createdAt)}</p>
      </div>
      <button
        type="button"
        disabled={pending}
        onClick={onToggle}
        className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100"
      >
        {unread ? "Mark read" : "Mark unread"}
        <span className="sr-only">: {n.task.title}</span>
      </button>
    </li>
  );
}
