"use client";

import type { MyWork as MyWorkData, MyWorkTask } from "@agency/validators";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/format-date-time";
import { formatDueDate, todayIsoDate } from "~/lib/task-display";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { notificationText } from "../notifications/notification-text";
import { TaskPriorityBadge, TaskStatusBadge } from "../tasks/task-badges";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";

const GROUPS = [
  { key: "overdue", title: "Overdue", empty: "Nothing overdue." },
  { key: "today", title: "Today", empty: "Nothing due today." },
  { key: "thisWeek", title: "This week", empty: "Nothing due in the next 7 days." },
  { key: "later", title: "Later", empty: "Nothing later or undated." },
] as const;

/**
 * The home page: tasks assigned to me by due date (in my time zone), recent changes in the projects
 * I work in, and my mentions. The server sends the first answer with the page, for today in my
 * stored time zone (which the app keeps equal to the browser's, see TimeZoneSync); the server
 * render and hydration show it as it is, and once in the browser, when the browser's day differs
 * (another zone, or midnight passed), the groups are asked again for the local day. Live: the top
 * bar's inbox stream refreshes this when something reaches me.
 */
export function MyWork({ orgId, initial }: { orgId: string; initial: MyWorkData | null }) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [localToday] = useState(() => todayIsoDate());
  // The server's own clock and zone are not the person's: until hydrated, the day is the answer's.
  const today = hydrated ? localToday : (initial?.today ?? localToday);
  const work = useQuery(
    trpc.myWork.get.queryOptions(
      { orgId, today },
      { initialData: initial && initial.today === today ? initial : undefined, staleTime: 15_000 },
    ),
  );

  if (work.isPending) {
    return (
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]" aria-busy data-testid="my-work-loading">
        <Skeleton className="h-72 w-full" />
        <Skeleton className="h-72 w-full" />
      </div>
    );
  }
  if (work.isError) return <ErrorState {...toUserFacingError(work.error)} onRetry={() => void work.refetch()} />;
  const data = work.data;
  const total = GROUPS.reduce((sum, group) => sum + data.assigned[group.key].length, 0);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <section aria-labelledby="assigned-heading" className="min-w-0 space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="assigned-heading" className="text-lg font-semibold text-slate-900">
            Assigned to me
          </h2>
          <Link href="/app/tasks?assignee=me&sort=due" className="text-sm font-medium text-brand-700 hover:underline">
            All my tasks
          </Link>
        </div>
        {total === 0 ? (
          <div
            className="rounded-xl bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200"
            data-testid="my-work-empty"
          >
            No open tasks are assigned to you. Tasks someone assigns you show up here, grouped by when they are due.
          </div>
        ) : (
          GROUPS.map((group) => {
            const tasks = data.assigned[group.key];
            return (
              <section
                key={group.key}
                aria-labelledby={`group-${group.key}`}
                data-testid={`my-work-${group.key}`}
                className="rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
              >
                <h3
                  id={`group-${group.key}`}
                  className={`flex items-center gap-2 border-b border-slate-100 px-4 py-2.5 text-sm font-semibold ${group.key === "overdue" && tasks.length ? "text-rose-700" : "text-slate-900"}`}
                >
                  {group.title}
                  <span className="rounded-full bg-slate-100 px-2 text-xs font-medium text-slate-700">
                    {tasks.length}
                  </span>
                </h3>
                {tasks.length === 0 ? (
                  <p className="px-4 py-3 text-sm text-slate-600">{group.empty}</p>
                ) : (
                  <ul className="divide-y divide-slate-100">
                    {tasks.map((task) => (
                      <TaskRow key={task.id} task={task} overdue={group.key === "overdue"} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })
        )}
        {data.truncated && (
          <p className="text-sm text-slate-600">
            Showing the first 200 by due date.{" "}
            <Link href="/app/tasks?assignee=me&sort=due" className="font-medium text-brand-700 underline">
              See them all
            </Link>
          </p>
        )}
      </section>

      <div className="min-w-0 space-y-6">
        <section aria-labelledby="mentions-heading" className="rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <div className="flex items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
            <h2 id="mentions-heading" className="text-sm font-semibold text-slate-900">
              Mentions
            </h2>
            <Link href="/app/notifications" className="text-xs font-medium text-brand-700 hover:underline">
              Inbox
            </Link>
          </div>
          {data.mentions.length === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-600">
              Nobody has mentioned you yet. Type @ in a comment to mention someone.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="my-work-mentions">
              {data.mentions.map((n) => (
                <li key={n.id} className="px-4 py-2.5 text-sm">
                  <p className="text-slate-800">
                    <span className="font-medium">{notificationText(n).who}</span> on{" "}
                    <Link href={`/app/tasks/${n.task.id}`} className="font-medium text-brand-700 hover:underline">
                      {n.task.title}
                    </Link>
                    {!n.readAt && (
                      <span className="ml-1.5 rounded bg-brand-50 px-1 text-xs font-medium text-brand-800">new</span>
                    )}
                  </p>
                  <p className="text-xs text-slate-600">{formatDateTime(n.createdAt)}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="recent-heading" className="rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <h2
            id="recent-heading"
            className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900"
          >
            Recently updated in my projects
          </h2>
          {data.recentlyUpdated.length === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-600">
              No changes in the last two weeks in projects you work in.
            </p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="my-work-recent">
              {data.recentlyUpdated.map((task) => (
                <li key={task.id} className="px-4 py-2.5 text-sm">
                  <Link
                    href={`/app/tasks/${task.id}`}
                    className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                  >
                    {task.title}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {task.project.name} · updated {formatDateTime(task.updatedAt)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function TaskRow({ task, overdue }: { task: MyWorkTask; overdue: boolean }) {
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5" data-testid="my-work-task">
      <div className="min-w-0 flex-1 basis-48">
        <Link
          href={`/app/tasks/${task.id}`}
          className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline"
        >
          {task.title}
        </Link>
        <p className="truncate text-xs text-slate-600">{task.project.name}</p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <TaskStatusBadge status={task.status} />
        <TaskPriorityBadge priority={task.priority} />
        <span className={`text-xs ${overdue ? "font-semibold text-rose-700" : "text-slate-600"}`}>
          {task.dueDate ? `Due ${formatDueDate(task.dueDate)}` : "No due date"}
        </span>
      </div>
    </li>
  );
}
