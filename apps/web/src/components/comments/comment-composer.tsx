"use client";

import { commentBodySchema } from "@agency/validators";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { mentionsToDisplay, mentionsToStorage } from "~/lib/mentions";
import { Markdown } from "../markdown/markdown";
import { useMentionMembers } from "../notifications/mention-members";
import { MentionTextarea } from "../notifications/mention-textarea";
import { Button } from "../ui/button";
import { fieldControlClass } from "../ui/field";

/**
 * A markdown textarea with a preview, used to write and to edit comments.
 * Ctrl/Cmd+Enter submits; Escape cancels only when nothing was typed.
 */
export function CommentComposer({
  label,
  initial = "",
  submitLabel,
  pending,
  error,
  autoFocus = false,
  onSubmit,
  onCancel,
}: {
  label: string;
  initial?: string;
  submitLabel: string;
  pending: boolean;
  error?: string | null;
  autoFocus?: boolean;
  /** Resolves true when the text was saved (the box then empties or closes). */
  onSubmit: (body: string) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const id = useId();
  // The box shows `@Name`; what is sent stores mentions as member ids (lib/mentions).
  const members = useMentionMembers() ?? [];
  const [body, setBody] = useState(() => mentionsToDisplay(initial, members));
  const [preview, setPreview] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const message = invalid ?? error ?? null;

  async function submit() {
    const parsed = commentBodySchema.safeParse(mentionsToStorage(body, members));
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? "Check the comment");
      return;
    }
    setInvalid(null);
    if (await onSubmit(parsed.data)) {
      setBody("");
      setPreview(false);
    }
  }
  const onFormSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
    if (event.key === "Escape" && onCancel && mentionsToStorage(body, members) === initial) onCancel();
  };

  return (
    <form onSubmit={onFormSubmit} noValidate aria-label={label} className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={`${id}-body`} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <button
          type="button"
          aria-pressed={preview}
          onClick={() => setPreview((value) => !value)}
          className="rounded-md px-2 py-0.5 text-xs font-medium text-slate-600 hover:bg-slate-100"
        >
          {preview ? "Back to writing" : "Preview"}
        </button>
      </div>
      {preview ? (
        <div className="min-h-24 rounded-lg border border-slate-200 bg-slate-50 p-3">
          {body.trim() ? <Markdown source={mentionsToStorage(body, members)} /> : <p className="text-sm text-slate-500">Nothing to preview.</p>}
        </div>
      ) : (
        <MentionTextarea
          id={`${id}-body`}
          value={body}
          rows={3}
          maxLength={10_000}
          autoFocus={autoFocus}
          placeholder="Write in Markdown… @ mentions a member"
          aria-invalid={message ? true : undefined}
          aria-describedby={`${id}-hint${message ? ` ${id}-error` : ""}`}
          onValueChange={(value) => {
            setBody(value);
            setInvalid(null);
          }}
          onKeyDown={onKeyDown}
          className={`${fieldControlClass} !mt-0`}
        />
      )}
      {message && (
        <p id={`${id}-error`} role="alert" className="text-sm text-rose-700">
          {message}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <span id={`${id}-hint`} className="text-xs text-slate-500">
          Markdown supported · Ctrl/⌘+Enter to send
        </span>
      </div>
    </form>
  );
}
