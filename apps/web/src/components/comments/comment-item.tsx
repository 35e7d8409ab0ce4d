"use client";

import { commentSchema, type CommentDto } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { conflictCurrent } from "~/lib/api-conflict";
import { toUserFacingError } from "~/lib/api-error";
import { formatDateTime } from "~/lib/dates";
import { useTRPC } from "~/trpc/react";
import { Markdown } from "../markdown/markdown";
import { Button } from "../ui/button";
import { InlineAlert } from "../ui/inline-alert";
import { CommentComposer } from "./comment-composer";

/** One comment: author, time, rendered body; its author edits it, its author or an admin deletes it. */
export function CommentItem({
  orgId,
  comment,
  canEdit,
  canDelete,
  onSaved,
  onDeleted,
}: {
  orgId: string;
  comment: CommentDto;
  canEdit: boolean;
  canDelete: boolean;
  onSaved: (comment: CommentDto) => void;
  /** With the deleted comment as the API answered it (its version is what a restore sends). */
  onDeleted: (comment: CommentDto) => void;
}) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  /** The copy the edit is based on; after a conflict, the latest one (saving again then replaces it knowingly). */
  const [base, setBase] = useState<CommentDto>(comment);
  const [conflict, setConflict] = useState<CommentDto | null>(null);
  const update = useMutation(trpc.comments.update.mutationOptions());
  const remove = useMutation(trpc.comments.delete.mutationOptions());
  const author = comment.author?.name ?? "A former member";

  async function save(body: string): Promise<boolean> {
    try {
      const saved = await update.mutateAsync({ orgId, commentId: comment.id, expectedVersion: base.version, body });
      onSaved(saved);
      setConflict(null);
      setEditing(false);
      return true;
    } catch (error) {
      const latest = conflictCurrent(error, commentSchema);
      if (latest) {
        setConflict(latest);
        setBase(latest);
        onSaved(latest);
      }
      return false;
    }
  }

  const editError = update.error && !conflict ? toUserFacingError(update.error).message : null;
  return (
    <li id={`comment-${comment.id}`} className="flex scroll-mt-20 gap-3 py-3" data-testid="comment">
      <span
        aria-hidden
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700"
      >
        {author.slice(0, 1).toUpperCase()}
      </span>
      <article className="min-w-0 flex-1" aria-label={`Comment by ${author}`}>
        <header className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-medium text-slate-900">{author}</span>
          <time dateTime={comment.createdAt} className="text-xs text-slate-500">
            {formatDateTime(comment.createdAt)}
          </time>
          {comment.edited && <span className="text-xs text-slate-500">(edited)</span>}
        </header>
        {editing ? (
          <div className="mt-2 space-y-2">
            {conflict && (
              <InlineAlert tone="warning" title="Someone else changed this comment">
                The latest text is below; yours is still in the box. Saving now replaces theirs.
                <div className="mt-2 rounded-md bg-white/70 p-2">
                  <Markdown source={conflict.body} />
                </div>
              </InlineAlert>
            )}
            <CommentComposer
              label="Edit comment"
              initial={comment.body}
              submitLabel="Save comment"
              pending={update.isPending}
              error={editError}
              autoFocus
              onSubmit={save}
              onCancel={() => {
                setEditing(false);
                setConflict(null);
              }}
            />
          </div>
        ) : (
          <Markdown source={comment.body} className="mt-1" testId="comment-body" />
        )}
        {!editing && (canEdit || canDelete) && (
          <div className="mt-1 flex flex-wrap items-center gap-1">
            {confirming ? (
              <>
                <span className="text-xs text-slate-600">Delete this comment?</span>
                <Button
                  variant="ghost"
                  className="!px-2 !py-1 text-xs text-rose-700"
                  autoFocus
                  disabled={remove.isPending}
                  onClick={() =>
                    remove.mutate(
                      { orgId, commentId: comment.id, expectedVersion: comment.version },
                      {
                        onSuccess: (deleted) => onDeleted(deleted),
                        onError: (error) => {
                          const latest = conflictCurrent(error, commentSchema);
                          if (latest) onSaved(latest);
                        },
                        onSettled: () => setConfirming(false),
                      },
                    )
                  }
                >
                  {remove.isPending ? "Deleting…" : "Yes, delete"}
                </Button>
                <Button variant="ghost" className="!px-2 !py-1 text-xs" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
              </>
            ) : (
              <>
                {canEdit && (
                  <Button
                    variant="ghost"
                    className="!px-2 !py-1 text-xs"
                    aria-label={`Edit comment by ${author}`}
                    onClick={() => {
                      setBase(comment);
                      setConflict(null);
                      update.reset();
                      setEditing(true);
                    }}
                  >
                    Edit
                  </Button>
                )}
                {canDelete && (
                  <Button
                    variant="ghost"
                    className="!px-2 !py-1 text-xs"
                    aria-label={`Delete comment by ${author}`}
                    onClick={() => setConfirming(true)}
                  >
                    Delete
                  </Button>
                )}
              </>
            )}
          </div>
        )}
        {remove.error && (
          <InlineAlert tone="error">
            {conflictCurrent(remove.error, commentSchema)
              ? "This comment changed since you loaded it, so it was not deleted. Check the latest text and try again."
              : `The comment was not deleted: ${toUserFacingError(remove.error).message}`}
          </InlineAlert>
        )}
      </article>
    </li>
  );
}
