"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/dates";
import { allItems } from "~/lib/infinite-pages";
import { describeTaskAuditEntry } from "~/lib/task-history";
import { useTRPC } from "~/trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton, Spinner } from "../ui/spinner";

const PAGE_SIZE = 20;

/** The audit entries about this task, newest first (owners and admins): who changed what, before → after. */
export function TaskHistory({
  orgId,
  taskId,
  people,
}: {
  orgId: string;
  taskId: string;
  people: ReadonlyMap<string, string>;
}) {
  const trpc = useTRPC();
  const history = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { orgId, limit: PAGE_SIZE, targetType: "task", targetId: taskId },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const entries = allItems(history.data);

  return (
    <Card
      title="History"
      action={
        <ButtonLink
          href={`/app/audit?targetType=task&targetId=${taskId}`}
          variant="ghost"
          className="!px-2 !py-1 text-xs"
        >
          Open in audit log
        </ButtonLink>
      }
    >
      {history.isPending ? (
        <div className="space-y-2" aria-label="Loading history">
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : history.isError && !history.data ? (
        <ErrorState
          {...toUserFacingError(history.error)}
          onRetry={() => void history.refetch()}
          retrying={history.isRefetching}
        />
      ) : entries.length === 0 ? (
        <p className="text-sm text-slate-600">No recorded changes yet.</p>
      ) : (
        <>
          <ol className="space-y-3" data-testid="task-history">
            {entries.map((entry) => {
              const line = describeTaskAuditEntry(entry, people);
              return (
                <li key={entry.id} className="border-l-2 border-slate-200 pl-3 text-sm" data-testid="history-entry">
                  <p className="text-slate-800">
                    <span className="font-medium">{entry.actor?.name ?? "Someone"}</span> {line.summary}
                  </p>
                  <p className="text-xs text-slate-500">
                    <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
                  </p>
                  {line.changes.length > 0 && (
                    <ul className="mt-1 space-y-0.5">
                      {line.changes.map((change) => (
                        <li key={change.field} className="break-words text-slate-700">
                          <span className="font-medium">{change.label}:</span>{" "}
                          <span className="text-slate-500 line-through decoration-slate-300">{change.before}</span>{" "}
                          <span aria-hidden>→</span>
                          <span className="sr-only">changed to</span>{" "}
                          <span className="text-slate-900">{change.after}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
          {history.hasNextPage && (
            <Button
              variant="secondary"
              className="mt-3"
              onClick={() => void history.fetchNextPage()}
              disabled={history.isFetchingNextPage}
            >
              {history.isFetchingNextPage ? <Spinner label="Loading…" /> : "Load older changes"}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
