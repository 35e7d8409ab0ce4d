"use client";

import { TASK_STATUSES, type TaskDto, type TaskPriority } from "@agency/validators";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import Link from "next/link";
import { useEffect, useRef, type KeyboardEventHandler } from "react";
import { COLUMN_LABELS, isOverdue, PRIORITY_LABELS } from "~/lib/board-columns";
import { formatDate } from "~/lib/format-date";
import { useHydrated } from "~/lib/use-hydrated";
import { MoveMenu, type MoveOption } from "./move-menu";

const PRIORITY_TONES: Record<TaskPriority, string> = {
  low: "bg-slate-100 text-slate-600",
  medium: "bg-sky-50 text-sky-700",
  high: "bg-amber-50 text-amber-800",
  urgent: "bg-rose-100 text-rose-800",
};

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
}

/** A speech bubble drawn inline: an emoji or font glyph renders as a missing-glyph box where no font has it. */
function CommentIcon() {
  return (
    <svg
      aria-hidden
      focusable="false"
      viewBox="0 0 16 16"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinejoin="round"
      data-testid="comment-icon"
    >
      <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />
    </svg>
  );
}

/** What a card shows: title (opens the task), priority, assignee, due date (overdue in red), labels, comments. */
export function TaskCardBody({ task }: { task: TaskDto }) {
  // "Today" is the browser's: the server-rendered card (no clock of the reader's) marks nothing overdue.
  const hydrated = useHydrated();
  const overdue = hydrated && task.status !== "done" && isOverdue(task.dueDate);
  return (
    <>
      <Link
        href={`/app/tasks/${task.id}`}
        className="block break-words text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline"
        data-testid="task-title"
        // Dragging the card must not start the browser's own link drag.
        draggable={false}
      >
        {task.title}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs">
        <span className={`rounded px-1.5 py-0.5 font-medium ${PRIORITY_TONES[task.priority]}`}>
          {PRIORITY_LABELS[task.priority]}
        </span>
        {task.dueDate && (
          <span
            className={overdue ? "rounded bg-rose-50 px-1.5 py-0.5 font-semibold text-rose-700" : "text-slate-600"}
            data-testid={overdue ? "task-overdue" : undefined}
          >
            {overdue ? "Overdue · " : "Due "}
            {formatDate(task.dueDate)}
          </span>
        )}
        {task.commentCount > 0 && (
          <span className="inline-flex items-center gap-1 text-slate-600" data-testid="task-comment-count">
            <CommentIcon />
            <span aria-hidden>{task.commentCount}</span>
            <span className="sr-only">{task.commentCount === 1 ? "1 comment" : `${task.commentCount} comments`}</span>
          </span>
        )}
      </div>
      {task.labels.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label="Labels">
          {task.labels.map((label) => (
            <li key={label} className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] text-slate-700">
              {label}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 flex items-center gap-1.5 text-xs text-slate-600">
        {task.assignee ? (
          <>
            <span
              aria-hidden
              className="grid size-5 place-items-center rounded-full bg-brand-100 text-[10px] font-semibold text-brand-700"
            >
              {initials(task.assignee.name)}
            </span>
            <span className="truncate">{task.assignee.name}</span>
          </>
        ) : (
          <span className="text-slate-400">Unassigned</span>
        )}
      </p>
    </>
  );
}

/**
 * A card on the board. Writers drag it (mouse/touch anywhere on the card; keyboard through
 * the grip: Space, arrows, Space) or use its Move menu; viewers see the card only.
 */
export function TaskCard({
  task,
  index,
  columnSize,
  canWrite,
  moving,
  focusRequest,
  onMove,
}: {
  task: TaskDto;
  index: number;
  columnSize: number;
  canWrite: boolean;
  moving: boolean;
  /** Set after a keyboard move re-created the card elsewhere: its Move button takes the focus back. */
  focusRequest: { taskId: string; nonce: number } | null;
  onMove: (move: "up" | "down" | TaskDto["status"]) => void;
}) {
  const sortable = useSortable({ id: task.id, data: { status: task.status }, disabled: !canWrite || moving });
  const moveButton = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (focusRequest?.taskId === task.id) moveButton.current?.focus();
  }, [focusRequest, task.id]);

  const options: MoveOption[] = [];
  if (index > 0) options.push({ key: "up", label: "Move up", onSelect: () => onMove("up") });
  if (index < columnSize - 1) options.push({ key: "down", label: "Move down", onSelect: () => onMove("down") });
  for (const status of TASK_STATUSES) {
    if (status !== task.status)
      options.push({ key: status, label: `Move to ${COLUMN_LABELS[status]}`, onSelect: () => onMove(status) });
  }

  // Pointer sensors listen on the whole card; the keyboard sensor only on the grip (so Enter on the title link opens the task).
  const { onKeyDown, ...pointerListeners } = sortable.listeners ?? {};
  const onGripKeyDown = onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined;
  return (
    <li
      ref={sortable.setNodeRef}
      style={{ transform: CSS.Translate.toString(sortable.transform), transition: sortable.transition }}
      {...(canWrite ? pointerListeners : {})}
      data-testid="task-card"
      data-task-id={task.id}
      aria-busy={moving || undefined}
      className={`rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 ${canWrite ? "touch-manipulation" : ""} ${
        sortable.isDragging ? "opacity-40" : ""
      } ${moving ? "opacity-70" : ""}`}
    >
      <div className="flex items-start gap-2">
        {canWrite && (
          <button
            ref={sortable.setActivatorNodeRef}
            type="button"
            {...sortable.attributes}
            onKeyDown={onGripKeyDown}
            aria-label={`Drag ${task.title}`}
            className="-ml-1 mt-0.5 cursor-grab rounded px-0.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600 active:cursor-grabbing"
          >
            <span aria-hidden>⠿</span>
          </button>
        )}
        <div className="min-w-0 flex-1">
          <TaskCardBody task={task} />
        </div>
        {canWrite && (
          <MoveMenu label={`Move ${task.title}`} options={options} buttonRef={moveButton} />
        )}
      </div>
    </li>
  );
}
