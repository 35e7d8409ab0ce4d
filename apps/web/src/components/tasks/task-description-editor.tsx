"use client";

import type { TaskDto } from "@agency/validators";
import { taskPatchSchema } from "@agency/validators";
import { useId, useState, type FormEvent } from "react";
import { mentionsToDisplay, mentionsToStorage } from "~/lib/mentions";
import { Markdown } from "../markdown/markdown";
import { useMentionMembers } from "../notifications/mention-members";
import { MentionTextarea } from "../notifications/mention-textarea";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { fieldControlClass } from "../ui/field";
import type { TaskEditor } from "./use-task-editor";
import { useTextDraft } from "./use-text-draft";

/** Markdown description: rendered, and for writers a textarea with a preview (Ctrl/Cmd+Enter saves). */
export function TaskDescriptionEditor({
  task,
  editor,
  canEdit,
}: {
  task: TaskDto;
  editor: TaskEditor;
  canEdit: boolean;
}) {
  const id = useId();
  const text = useTextDraft(task, "description", editor);
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The draft is kept as stored (`<@id>`); the textarea shows and takes `@Name` (lib/mentions).
  const members = useMentionMembers() ?? [];

  const open = () => {
    setPreview(false);
    text.open();
  };
  function submit() {
    const parsed = taskPatchSchema.safeParse({ description: text.draft });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the description");
      return;
    }
    setError(null);
    void text.save(text.draft);
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  const editButton = canEdit && !text.editing && (
    <Button
      variant="ghost"
      className="!px-2 !py-1 text-xs"
      onClick={open}
      aria-label="Edit description"
      disabled={editor.pending}
    >
      Edit
    </Button>
  );

  return (
    <Card title="Description" action={editButton || undefined}>
      {!text.editing ? (
        task.description.trim() ? (
          <Markdown source={task.description} testId="task-description" />
        ) : (
          <p className="text-sm text-slate-500" data-testid="task-description">
            No description yet.
          </p>
        )
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Edit description" className="space-y-3">
          <div className="flex items-center gap-1" role="group" aria-label="Editor mode">
            <button
              type="button"
              aria-pressed={!preview}
              onClick={() => setPreview(false)}
              className={`rounded-md px-2.5 py-1 text-xs font-medium ${!preview ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              Write
            </button>
            <button
              type="button"
              aria-pressed={preview}
              onClick={() => setPreview(true)}
              className={`rounded-md px-2.5 py-1 text-xs font-medium ${preview ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              Preview
            </button>
          </div>
          {preview ? (
            <div
              className="min-h-40 rounded-lg border border-slate-200 bg-slate-50 p-3"
              data-testid="description-preview"
            >
              {text.draft.trim() ? (
                <Markdown source={text.draft} />
              ) : (
                <p className="text-sm text-slate-500">Nothing to preview.</p>
              )}
            </div>
          ) : (
            <div>
              <label htmlFor={`${id}-description`} className="sr-only">
                Description
              </label>
              <MentionTextarea
                id={`${id}-description`}
                value={mentionsToDisplay(text.draft, members)}
                rows={10}
                autoFocus
                maxLength={20_000}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
                onValueChange={(value) => {
                  text.setDraft(mentionsToStorage(value, members));
                  setError(null);
                }}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault();
                    submit();
                  }
                  // Escape only closes an untouched draft: a long text is never lost to one key.
                  if (event.key === "Escape" && text.draft === task.description) text.cancel();
                }}
                className={`${fieldControlClass} !mt-0 font-mono`}
              />
              <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
                Markdown: **bold**, _italic_, lists, `code`, [links](https://…), - [ ] checklists. @ mentions a member. Ctrl/⌘+Enter saves.
              </p>
            </div>
          )}
          {error && (
            <p id={`${id}-error`} role="alert" className="text-sm text-rose-700">
              {error}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={editor.pending}>
              {editor.pending ? "Saving…" : "Save description"}
            </Button>
            <Button variant="ghost" onClick={text.cancel}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
