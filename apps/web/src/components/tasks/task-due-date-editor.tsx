"use client";

import type { TaskDto } from "@agency/validators";
import { useId, useState, type FormEvent } from "react";
import { dateInputHint, formatDate } from "~/lib/dates";
import { isCompleteDate } from "~/lib/task-filters";
import { fieldControlClass } from "../ui/field";
import type { TaskEditor } from "./use-task-editor";

/**
 * A date input with an explicit save (Enter or the button): a date input fires
 * changes while a year is half typed, which must not become saves. A half-typed
 * date reads as "" (like an empty one), so saving never turns "" into "no date":
 * removing the date is the Clear button's job alone (shown when no draft is open).
 */
export function TaskDueDateEditor({ task, editor }: { task: TaskDto; editor: TaskEditor }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = draft ?? task.dueDate ?? "";
  const dirty = draft !== null && draft !== (task.dueDate ?? "");

  async function save(next: string | null) {
    if (next !== null && !isCompleteDate(next)) {
      setError("Use a complete date, like 31/12/2026");
      return;
    }
    setError(null);
    const result = await editor.save({ kind: "patch", patch: { dueDate: next } });
    if (result.outcome === "saved") setDraft(null);
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!dirty) return;
    if (value === "") {
      setError(
        task.dueDate
          ? `The date is incomplete, so the due date stays ${formatDate(task.dueDate)}. Finish the date, or press Cancel.`
          : "The date is incomplete. Finish the date, or press Cancel.",
      );
      return;
    }
    void save(value);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change due date" className="space-y-1">
      <label htmlFor={`${id}-due`} className="sr-only">
        Due date
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={`${id}-due`}
          type="date"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : value ? `${id}-reads` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
          className={`${fieldControlClass} !mt-0 !w-auto !py-1.5`}
        />
        {value && (
          <span id={`${id}-reads`} className="text-xs text-slate-600" data-testid="due-date-reads">
            {dateInputHint(value)}
          </span>
        )}
        {dirty && (
          <button
            type="submit"
            disabled={editor.pending}
            className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
          >
            Save date
          </button>
        )}
        {dirty && (
          <button
            type="button"
            onClick={() => {
              setDraft(null);
              setError(null);
            }}
            className="text-sm font-medium text-slate-600 underline hover:text-slate-900"
          >
            Cancel
          </button>
        )}
        {!dirty && task.dueDate && (
          <button
            type="button"
            disabled={editor.pending}
            onClick={() => void save(null)}
            className="text-sm font-medium text-slate-600 underline hover:text-slate-900"
          >
            Clear
          </button>
        )}
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
    </form>
  );
}
