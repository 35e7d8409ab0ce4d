"use client";

import type { CommentDto } from "@agency/validators";
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useState } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { allItems, withItemChanged, withoutItem } from "~/lib/infinite-pages";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { InlineAlert } from "../ui/inline-alert";
import { Skeleton, Spinner } from "../ui/spinner";
import { CommentComposer } from "./comment-composer";
import { CommentItem } from "./comment-item";

const PAGE_SIZE = 20;
type CommentPages = InfiniteData<{ items: CommentDto[]; nextCursor: string | null }, string | null>;

/** A task's conversation, oldest first with "Load more"; a box to add one for those who may comment. */
export function CommentsSection({
  orgId,
  taskId,
  currentUserId,
  canComment,
  canModerate,
}: {
  orgId: string;
  taskId: string;
  currentUserId: string;
  canComment: boolean;
  /** Admins and owners delete anyone's comment. */
  canModerate: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { orgId, taskId, limit: PAGE_SIZE };
  const comments = useInfiniteQuery(
    trpc.comments.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const key = trpc.comments.list.infiniteQueryKey(input);
  const change = (update: (data: CommentPages | undefined) => CommentPages | undefined) =>
    queryClient.setQueryData<CommentPages>(key, update);
  const refreshTask = () => queryClient.invalidateQueries({ queryKey: trpc.tasks.get.queryKey({ orgId, taskId }) });

  const create = useMutation(
    trpc.comments.create.mutationOptions({
      onSuccess: (comment) => {
        // Oldest first: a new comment belongs at the very end, shown now if the last page is loaded.
        if (!comments.hasNextPage) {
          change((data) =>
            data
              ? {
                  ...data,
                  pages: data.pages.map((page, index) =>
                    index === data.pages.length - 1 ? { ...page, items: [...page.items, comment] } : page,
                  ),
                }
              : data,
          );
        }
        void refreshTask();
      },
    }),
  );

  /** The comment just deleted, until it is restored or another is deleted: "Undo" brings it back. */
  const [lastDeleted, setLastDeleted] = useState<CommentDto | null>(null);
  const restore = useMutation(
    trpc.comments.restore.mutationOptions({
      onSuccess: async () => {
        setLastDeleted(null);
        await Promise.all([queryClient.invalidateQueries({ queryKey: key }), refreshTask()]);
      },
    }),
  );

  const items = allItems(comments.data);
  return (
    <Card title={`Comments${items.length && !comments.hasNextPage ? ` (${items.length})` : ""}`}>
      {comments.isPending ? (
        <div className="space-y-3" aria-label="Loading comments">
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-4 w-2/3" />
        </div>
      ) : comments.isError && !comments.data ? (
        <ErrorState
          {...toUserFacingError(comments.error)}
          onRetry={() => void comments.refetch()}
          retrying={comments.isRefetching}
        />
      ) : (
        <>
          {items.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="comments-empty">
              No comments yet.{canComment ? " Start the conversation below." : ""}
            </p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Comments" data-testid="comments">
              {items.map((comment) => {
                const own = comment.author?.id === currentUserId;
                return (
                  <CommentItem
                    key={comment.id}
                    orgId={orgId}
                    comment={comment}
                    canEdit={canComment && own}
                    canDelete={canComment && (own || canModerate)}
                    onSaved={(saved) => change((data) => withItemChanged(data, saved.id, () => saved))}
                    onDeleted={(deleted) => {
                      change((data) => withoutItem(data, deleted.id));
                      restore.reset();
                      setLastDeleted(deleted);
                      void refreshTask();
                    }}
                  />
                );
              })}
            </ul>
          )}
          {lastDeleted && (
            <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700" role="status" data-testid="comment-deleted">
              <span>Comment deleted.</span>
              <Button
                variant="ghost"
                className="!px-2 !py-1 text-xs"
                disabled={restore.isPending}
                onClick={() => restore.mutate({ orgId, commentId: lastDeleted.id, expectedVersion: lastDeleted.version })}
              >
                {restore.isPending ? "Restoring…" : "Undo"}
              </Button>
            </div>
          )}
          {restore.error && <InlineAlert tone="error">The comment could not be restored: {toUserFacingError(restore.error).message}</InlineAlert>}
          {comments.isFetchNextPageError && (
            <InlineAlert tone="error">
              More comments could not be loaded: {toUserFacingError(comments.error).message}
            </InlineAlert>
          )}
          {comments.hasNextPage && (
            <Button
              variant="secondary"
              className="mt-2"
              onClick={() => void comments.fetchNextPage()}
              disabled={comments.isFetchingNextPage}
            >
              {comments.isFetchingNextPage ? <Spinner label="Loading…" /> : "Load more comments"}
            </Button>
          )}
        </>
      )}
      {canComment ? (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <CommentComposer
            label="Add a comment"
            submitLabel="Comment"
            pending={create.isPending}
            error={create.error ? toUserFacingError(create.error).message : null}
            onSubmit={async (body) => {
              try {
                await create.mutateAsync({ orgId, taskId, body });
                return true;
              } catch {
                return false;
              }
            }}
          />
          {create.isSuccess && comments.hasNextPage && (
            <p role="status" className="mt-2 text-sm text-slate-600">
              Comment posted. Load more to see it at the end.
            </p>
          )}
        </div>
      ) : (
        <p className="mt-4 border-t border-slate-100 pt-4 text-sm text-slate-500" data-testid="comments-read-only">
          You can read comments. Members, admins and owners can write them.
        </p>
      )}
    </Card>
  );
}
