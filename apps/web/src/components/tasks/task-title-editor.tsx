"use client";

import type { TaskDto } from "@agency/validators";
import { taskPatchSchema } from "@agency/validators";
import { useId, useState, type FormEvent } from "react";
import { Button } from "../ui/button";
import { fieldControlClass } from "../ui/field";
import type { TaskEditor } from "./use-task-editor";
import { useTextDraft } from "./use-text-draft";

/** The task's title as the page heading; writers edit it in place (Enter saves, Escape cancels). */
export function TaskTitleEditor({ task, editor, canEdit }: { task: TaskDto; editor: TaskEditor; canEdit: boolean }) {
  const id = useId();
  const text = useTextDraft(task, "title", editor);
  const [error, setError] = useState<string | null>(null);

  if (!text.editing) {
    return (
      <div className="flex min-w-0 items-start gap-2">
        <h1 className="min-w-0 text-2xl font-bold tracking-tight break-words text-slate-900" data-testid="task-title">
          {task.title}
        </h1>
        {canEdit && (
          <Button
            variant="ghost"
            className="!px-2 !py-1 text-xs"
            onClick={text.open}
            aria-label="Edit title"
            disabled={editor.pending}
          >
            Edit
          </Button>
        )}
      </div>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = taskPatchSchema.safeParse({ title: text.draft });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the title");
      return;
    }
    setError(null);
    void text.save(parsed.data.title ?? text.draft);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Edit title" className="flex flex-wrap items-start gap-2">
      <div className="min-w-0 flex-1 basis-64">
        <label htmlFor={`${id}-title`} className="sr-only">
          Title
        </label>
        <input
          id={`${id}-title`}
          value={text.draft}
          maxLength={200}
          autoFocus
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            text.setDraft(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") text.cancel();
          }}
          className={`${fieldControlClass} !mt-0 text-lg font-semibold`}
        />
        {error && (
          <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-rose-700">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" disabled={editor.pending}>
        {editor.pending ? "Saving…" : "Save title"}
      </Button>
      <Button variant="ghost" onClick={text.cancel}>
        Cancel
      </Button>
    </form>
  );
}
