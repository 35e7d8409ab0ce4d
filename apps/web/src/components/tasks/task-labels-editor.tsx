"use client";

import type { TaskDto } from "@agency/validators";
import { useId, useState, type FormEvent } from "react";
import { parseNewLabel } from "~/lib/task-edit";
import { fieldControlClass } from "../ui/field";
import { LabelSuggestions } from "./label-suggestions";
import type { TaskEditor } from "./use-task-editor";

/** Label chips with a remove button each, and a field that adds one on Enter. */
export function TaskLabelsEditor({ task, editor, orgId }: { task: TaskDto; editor: TaskEditor; orgId?: string }) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseNewLabel(draft, task.labels);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    const label = parsed.label;
    const result = await editor.save((current) => ({
      kind: "patch",
      patch: { labels: current.labels.includes(label) ? current.labels : [...current.labels, label] },
    }));
    if (result.outcome === "saved") setDraft("");
  }

  return (
    <div className="space-y-2">
      {task.labels.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Labels" data-testid="task-labels">
          {task.labels.map((label) => (
            <li
              key={label}
              className="inline-flex max-w-full items-center gap-1 rounded-md bg-brand-50 py-0.5 pr-1 pl-2 text-xs font-medium text-brand-700 ring-1 ring-brand-100 ring-inset"
            >
              <span className="truncate">{label}</span>
              <button
                type="button"
                aria-label={`Remove label ${label}`}
                disabled={editor.pending}
                onClick={() =>
                  void editor.save((current) => ({
                    kind: "patch",
                    patch: { labels: current.labels.filter((other) => other !== label) },
                  }))
                }
                className="rounded px-1 text-brand-700 hover:bg-brand-100 disabled:opacity-50"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500" data-testid="task-labels">
          No labels
        </p>
      )}
      <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Add a label" className="flex gap-2">
        <label htmlFor={`${id}-label`} className="sr-only">
          New label
        </label>
        <input
          id={`${id}-label`}
          value={draft}
          maxLength={40}
          placeholder="New label"
          autoComplete="off"
          list={orgId ? `${id}-suggestions` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
          className={`${fieldControlClass} !mt-0 !py-1.5`}
        />
        {orgId && <LabelSuggestions id={`${id}-suggestions`} orgId={orgId} exclude={task.labels} />}
        <button
          type="submit"
          className="rounded-lg px-3 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-60"
        >
          Add
        </button>
      </form>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
