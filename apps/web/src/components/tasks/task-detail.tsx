"use client";

import { roleHasPermission } from "@agency/validators";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { isNotFound } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { formatDate } from "~/lib/dates";
import { useTRPC } from "~/trpc/react";
import { LiveIndicator } from "../board/live-indicator";
import { CommentsSection } from "../comments/comments-section";
import { FollowTask } from "../notifications/follow-task";
import { MentionMembersProvider } from "../notifications/mention-members";
import { Badge } from "../ui/badge";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton } from "../ui/spinner";
import { TaskConflictNotice } from "./task-conflict-notice";
import { TaskDescriptionEditor } from "./task-description-editor";
import { TaskFieldsPanel } from "./task-fields-panel";
import { TaskHistory } from "./task-history";
import { TaskTitleEditor } from "./task-title-editor";
import { MoveTaskToTrash, TrashedTaskBanner } from "./task-trash-controls";
import type { TasksOrg } from "./tasks-page";
import { useTaskEditor } from "./use-task-editor";
import { useTaskLive } from "./use-task-live";
import { useTaskLookups } from "./use-task-lookups";

function BackLink() {
  return (
    <Link href="/app/tasks" className="text-sm font-medium text-slate-600 hover:text-slate-900">
      ← All tasks
    </Link>
  );
}

/**
 * One task: every field edited in place by members and up (saved one at a time
 * against the version shown, conflicts explained), comments, and the history
 * for owners and admins. Viewers read it all.
 */
export function TaskDetail({ org, taskId, currentUserId }: { org: TasksOrg; taskId: string; currentUserId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.tasks.get.queryOptions({ orgId: org.id, taskId }));
  const lookups = useTaskLookups(org.id);
  const editor = useTaskEditor(org.id, taskId, lookups.people);
  const canWrite = roleHasPermission(org.role, "task:write");
  const canComment = roleHasPermission(org.role, "comment:write");
  const canAudit = roleHasPermission(org.role, "audit:read");
  // The API lets whoever manages projects (admins, owners) delete anyone's comment.
  const canModerate = roleHasPermission(org.role, "project:write");
  const live = useTaskLive(org.id, taskId, query.data?.projectId);

  if (query.isPending) {
    return (
      <div className="space-y-6" data-testid="task-loading" aria-busy>
        <BackLink />
        <Skeleton className="h-8 w-80 max-w-full" />
        <Skeleton className="h-56 w-full" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="space-y-6">
        <BackLink />
        {isNotFound(query.error) ? (
          <EmptyState
            icon="☑"
            title="Task not found"
            description="It may belong to another organization, or the link is wrong."
            action={<ButtonLink href="/app/tasks">Back to tasks</ButtonLink>}
          />
        ) : (
          <ErrorState
            {...toUserFacingError(query.error)}
            onRetry={() => void query.refetch()}
            retrying={query.isRefetching}
          />
        )}
      </div>
    );
  }

  const task = query.data;
  const trashed = task.deletedAt !== null;
  const canEdit = canWrite && !trashed;
  const projectName = lookups.projectNames.get(task.projectId);

  return (
    <MentionMembersProvider members={lookups.members}>
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="flex flex-wrap items-center gap-2 text-sm">
        <BackLink />
        {projectName && (
          <>
            <span aria-hidden className="text-slate-300">
              /
            </span>
            <Link
              href={`/app/projects/${task.projectId}`}
              className="font-medium text-slate-600 hover:text-slate-900"
              title="Open the project's board"
            >
              {projectName}
            </Link>
          </>
        )}
      </nav>

      <div className="space-y-1" key={`title-${editor.resetKey}`}>
        <TaskTitleEditor task={task} editor={editor} canEdit={canEdit} />
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>
            Created {task.createdBy ? `by ${task.createdBy.name} ` : ""}on {formatDate(task.createdAt)} · updated{" "}
            {formatDate(task.updatedAt)}
          </span>
          {!canWrite && <Badge>Read only</Badge>}
          <LiveIndicator status={live} subject="Task" />
        </p>
      </div>

      {trashed && <TrashedTaskBanner orgId={org.id} task={task} canWrite={canWrite} />}
      {editor.conflict && (
        <TaskConflictNotice
          conflict={editor.conflict}
          people={lookups.people}
          pending={editor.pending}
          onLoadLatest={editor.loadLatest}
          onSaveMine={() => void editor.saveMineAgain()}
        />
      )}
      {editor.error && (
        <InlineAlert
          tone="error"
          testId="task-save-error"
          title="Your change was not saved"
          actions={
            <button type="button" className="underline" onClick={editor.dismissError}>
              Dismiss
            </button>
          }
        >
          {editor.error}
        </InlineAlert>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <aside className="space-y-6 lg:col-start-2 lg:row-start-1" aria-label="Task details">
          <TaskFieldsPanel
            orgId={org.id}
            key={`fields-${editor.resetKey}`}
            task={task}
            editor={editor}
            canEdit={canEdit}
            members={lookups.members}
          />
          {!trashed && <FollowTask orgId={org.id} taskId={task.id} />}
          {canEdit && (
            <Card title="Trash">
              <MoveTaskToTrash orgId={org.id} task={task} />
            </Card>
          )}
        </aside>
        <div className="min-w-0 space-y-6 lg:col-start-1 lg:row-start-1">
          <TaskDescriptionEditor key={`description-${editor.resetKey}`} task={task} editor={editor} canEdit={canEdit} />
          {trashed ? (
            <Card title="Comments">
              <p className="text-sm text-slate-600">
                Comments are hidden while the task is in the trash; they come back when it is restored.
              </p>
            </Card>
          ) : (
            <CommentsSection
              orgId={org.id}
              taskId={task.id}
              currentUserId={currentUserId}
              canComment={canComment}
              canModerate={canModerate}
            />
          )}
          {canAudit ? (
            <TaskHistory orgId={org.id} taskId={task.id} people={lookups.people} />
          ) : (
            <p className="text-sm text-slate-500" data-testid="history-restricted">
              The change history of a task is visible to owners and admins.
            </p>
          )}
        </div>
      </div>
    </div>
    </MentionMembersProvider>
  );
}
