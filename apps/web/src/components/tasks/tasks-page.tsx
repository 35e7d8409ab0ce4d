"use client";

import { roleHasPermission, type Role, type TaskDto } from "@agency/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type MouseEvent } from "react";
import { isConflict } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { clearedTaskFilters, parseTaskFilters, taskFiltersQuery, type TasksView } from "~/lib/task-filters";
import { useHydrated } from "~/lib/use-hydrated";
import { useUrlFilters } from "~/lib/use-url-filters";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { InlineAlert } from "../ui/inline-alert";
import { TabLinks } from "../ui/tab-links";
import { CreateTaskForm } from "./create-task-form";
import { TaskFiltersBar } from "./task-filters-bar";
import { TasksList } from "./tasks-list";
import { useTaskLookups } from "./use-task-lookups";

export interface TasksOrg {
  id: string;
  name: string;
  role: Role;
}

type Notice = { tone: "success" | "error"; message: string; task?: TaskDto };

/** A plain left click (no new tab/window wanted): handled in place. */
function isPlainClick(event: MouseEvent) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** Every task of the active organization: filters in the URL, the live list or the trash (with restore), quick add for writers. */
export function TasksPage({ org }: { org: TasksOrg }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const [filters, setFilters] = useUrlFilters(parseTaskFilters, taskFiltersQuery);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const lookups = useTaskLookups(org.id);
  const canWrite = roleHasPermission(org.role, "task:write");

  const restore = useMutation(
    trpc.tasks.restore.mutationOptions({
      onSuccess: (task) => {
        queryClient.setQueryData(trpc.tasks.get.queryKey({ orgId: org.id, taskId: task.id }), task);
        setNotice({ tone: "success", message: `Restored “${task.title}”.`, task });
      },
      onError: (error) =>
        setNotice({
          tone: "error",
          message: isConflict(error)
            ? "Someone else changed this task just now, so it was not restored. The list now shows its latest state."
            : `The task was not restored: ${toUserFacingError(error).message}`,
        }),
      onSettled: () => queryClient.invalidateQueries(trpc.tasks.list.infiniteQueryFilter({ orgId: org.id })),
    }),
  );

  const showView = (view: TasksView) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    setNotice(null);
    setFilters({ ...filters, view }, "push");
  };
  const tabHref = (view: TasksView) => `/app/tasks${taskFiltersQuery({ ...filters, view })}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">Tasks</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>Everything {org.name} is working on, across projects.</span>
            {!canWrite && <Badge>Read only</Badge>}
          </p>
        </div>
        {canWrite && !creating && (
          <Button onClick={() => setCreating(true)} disabled={!hydrated}>
            New task
          </Button>
        )}
      </div>

      {canWrite && creating && (
        <CreateTaskForm
          orgId={org.id}
          projects={lookups.projects}
          defaultProjectId={filters.project}
          onCancel={() => setCreating(false)}
        />
      )}

      <Card>
        <div className="space-y-4">
          <TabLinks
            label="Task views"
            tabs={[
              { href: tabHref("tasks"), label: "Tasks", current: filters.view === "tasks", onClick: showView("tasks") },
              { href: tabHref("trash"), label: "Trash", current: filters.view === "trash", onClick: showView("trash") },
            ]}
          />
          <TaskFiltersBar
            orgId={org.id}
            filters={filters}
            onChange={(next) => setFilters(next)}
            members={lookups.members}
            projects={lookups.projects}
          />
          {notice && (
            <InlineAlert
              tone={notice.tone}
              testId="tasks-notice"
              actions={
                <>
                  {notice.task && (
                    <Link href={`/app/tasks/${notice.task.id}`} className="font-semibold underline">
                      Open task
                    </Link>
                  )}
                  <button type="button" className="underline" onClick={() => setNotice(null)}>
                    Dismiss
                  </button>
                </>
              }
            >
              {notice.message}
            </InlineAlert>
          )}
          <TasksList
            orgId={org.id}
            filters={filters}
            canWrite={canWrite}
            projectNames={lookups.projectNames}
            restoringId={restore.isPending ? (restore.variables?.taskId ?? null) : null}
            onRestore={(task) => {
              setNotice(null);
              restore.mutate({ orgId: org.id, taskId: task.id, expectedVersion: task.version });
            }}
            onPickLabel={(label) => setFilters({ ...filters, label })}
            onClearFilters={() => setFilters(clearedTaskFilters(filters))}
          />
        </div>
      </Card>
    </div>
  );
}
