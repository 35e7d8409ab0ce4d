"use client";

import { createTaskInputSchema, type TaskDto, type TaskStatus } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { COLUMN_LABELS } from "~/lib/board-columns";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { fieldControlClass } from "../ui/field";

const titleSchema = createTaskInputSchema.shape.title;

/** "Add task" at the bottom of a column: type a title, Enter, and type the next one. Escape closes. */
export function QuickAddTask({
  orgId,
  projectId,
  status,
  onCreated,
}: {
  orgId: string;
  projectId: string;
  status: TaskStatus;
  onCreated: (task: TaskDto) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: (task) => {
        setTitle("");
        onCreated(task);
        input.current?.focus();
      },
      onError: (failure) => setError(toUserFacingError(failure).message),
    }),
  );
  const columnLabel = COLUMN_LABELS[status];
  const inputId = `quick-add-${status}`;

  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="w-full rounded-lg px-3 py-2 text-left text-sm font-medium text-slate-600 hover:bg-white hover:text-slate-900"
        aria-label={`Add task to ${columnLabel}`}
      >
        + Add task
      </button>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = titleSchema.safeParse(title);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the title");
      return;
    }
    setError(null);
    create.mutate({ orgId, projectId, status, title: parsed.data });
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={`New task in ${columnLabel}`}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          setOpen(false);
          setError(null);
        }
      }}
      className="space-y-2"
    >
      <label htmlFor={inputId} className="sr-only">
        Title of the new task in {columnLabel}
      </label>
      <input
        ref={input}
        id={inputId}
        autoFocus
        autoComplete="off"
        maxLength={200}
        placeholder="Task title"
        value={title}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
        onChange={(event) => {
          setTitle(event.target.value);
          if (error) setError(null);
        }}
        className={`${fieldControlClass} !mt-0`}
      />
      {error && (
        <p id={`${inputId}-error`} className="text-sm text-rose-700">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" className="!px-3 !py-1.5" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add"}
        </Button>
        <Button
          variant="ghost"
          className="!px-3 !py-1.5"
          onClick={() => {
            setOpen(false);
            setError(null);
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
