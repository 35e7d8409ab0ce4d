"use client";

import { taskPrioritySchema, taskStatusSchema, type TaskPriority, type TaskStatus } from "@agency/validators";
import { useId } from "react";
import { formatDate } from "~/lib/dates";
import { TASK_PRIORITY_LABELS, TASK_STATUS_LABELS } from "~/lib/task-display";
import {
  clearedTaskFilters,
  dueRangeInvalid,
  hasActiveTaskFilters,
  isCompleteDate,
  SEARCH_MIN,
  toggled,
  type TaskFilters,
  type TaskSort,
} from "~/lib/task-filters";
import { DebouncedInput } from "../ui/debounced-input";
import { LabelSuggestions } from "./label-suggestions";
import { fieldControlClass } from "../ui/field";

const SORT_LABELS: Record<TaskSort, string> = {
  newest: "Newest first",
  updated: "Recently updated",
  due: "Due date",
  position: "Board order",
};

const STATUSES = taskStatusSchema.options;
const PRIORITIES = taskPrioritySchema.options;
const control = `${fieldControlClass} !mt-0`;
const smallLabel = "mb-1 block text-xs font-medium text-slate-600";

function ToggleGroup<T extends string>({
  label,
  options,
  labels,
  selected,
  onToggle,
}: {
  label: string;
  options: readonly T[];
  labels: Record<T, string>;
  selected: readonly T[];
  onToggle: (value: T) => void;
}) {
  return (
    <div role="group" aria-label={label} className="min-w-0">
      <span className={smallLabel} aria-hidden>
        {label}
      </span>
      <div className="flex flex-wrap gap-1.5">
        {options.map((option) => {
          const on = selected.includes(option);
          return (
            <button
              key={option}
              type="button"
              aria-pressed={on}
              onClick={() => onToggle(option)}
              className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset transition-colors ${
                on
                  ? "bg-brand-600 text-white ring-brand-600"
                  : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
              }`}
            >
              {labels[option]}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** Search, filters and sort of the tasks list; every change goes to the URL at once (typed text after a pause). */
export function TaskFiltersBar({
  filters,
  onChange,
  members,
  projects,
  orgId,
}: {
  /** For label suggestions. */
  orgId?: string;
  filters: TaskFilters;
  onChange: (next: TaskFilters) => void;
  members: readonly { userId: string; name: string }[];
  projects: readonly { id: string; name: string }[];
}) {
  const id = useId();
  const shortSearch = filters.q.trim().length > 0 && filters.q.trim().length < SEARCH_MIN;
  const badRange = dueRangeInvalid(filters);
  const setDate = (field: "dueFrom" | "dueTo") => (value: string) => {
    // A date input mid-typing holds years like 0002: wait until the day is complete.
    if (value === "" || isCompleteDate(value)) onChange({ ...filters, [field]: value || null });
  };

  return (
    <div role="search" aria-label="Filter tasks" className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <div className="sm:col-span-2 lg:col-span-1">
          <label htmlFor={`${id}-q`} className="sr-only">
            Search tasks
          </label>
          <DebouncedInput
            id={`${id}-q`}
            type="search"
            placeholder="Search titles and descriptions…"
            autoComplete="off"
            maxLength={100}
            value={filters.q}
            onCommit={(q) => onChange({ ...filters, q })}
            aria-describedby={shortSearch ? `${id}-q-hint` : undefined}
            className="!mt-0"
          />
          {shortSearch && (
            <p id={`${id}-q-hint`} className="mt-1 text-xs text-slate-500">
              Type at least {SEARCH_MIN} characters to search.
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${id}-project`} className="sr-only">
            Project
          </label>
          <select
            id={`${id}-project`}
            value={filters.project ?? ""}
            onChange={(event) => {
              const project = event.target.value || null;
              onChange({
                ...filters,
                project,
                sort: !project && filters.sort === "position" ? "newest" : filters.sort,
              });
            }}
            className={control}
          >
            <option value="">All projects</option>
            {filters.project && !projects.some((project) => project.id === filters.project) && (
              <option value={filters.project}>This project</option>
            )}
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-assignee`} className="sr-only">
            Assignee
          </label>
          <select
            id={`${id}-assignee`}
            value={filters.assignee ?? ""}
            onChange={(event) => onChange({ ...filters, assignee: event.target.value || null })}
            className={control}
          >
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Unassigned</option>
            {filters.assignee &&
              filters.assignee !== "none" &&
              filters.assignee !== "me" &&
              !members.some((member) => member.userId === filters.assignee) && (
                <option value={filters.assignee}>This person</option>
              )}
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-sort`} className="sr-only">
            Sort
          </label>
          <select
            id={`${id}-sort`}
            value={filters.sort}
            onChange={(event) => onChange({ ...filters, sort: event.target.value as TaskSort })}
            className={control}
          >
            {(Object.keys(SORT_LABELS) as TaskSort[])
              .filter((sort) => sort !== "position" || filters.project)
              .map((sort) => (
                <option key={sort} value={sort}>
                  {SORT_LABELS[sort]}
                </option>
              ))}
          </select>
        </div>
      </div>

      <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <ToggleGroup<TaskStatus>
          label="Status"
          options={STATUSES}
          labels={TASK_STATUS_LABELS}
          selected={filters.status}
          onToggle={(status) => onChange({ ...filters, status: toggled(filters.status, status, STATUSES) })}
        />
        <ToggleGroup<TaskPriority>
          label="Priority"
          options={PRIORITIES}
          labels={TASK_PRIORITY_LABELS}
          selected={filters.priority}
          onToggle={(priority) => onChange({ ...filters, priority: toggled(filters.priority, priority, PRIORITIES) })}
        />
        <div className="w-36">
          <label htmlFor={`${id}-label`} className={smallLabel}>
            Label
          </label>
          <DebouncedInput
            id={`${id}-label`}
            placeholder="e.g. design"
            autoComplete="off"
            maxLength={40}
            list={orgId ? `${id}-label-suggestions` : undefined}
            value={filters.label}
            // Labels are stored in one spelling (lower-case, single spaces): filter by the same.
            onCommit={(label) => onChange({ ...filters, label: label.trim().toLowerCase().replace(/\s+/g, " ") })}
            className="!mt-0 !py-1.5"
          />
          {orgId && <LabelSuggestions id={`${id}-label-suggestions`} orgId={orgId} />}
        </div>
        <fieldset className="w-full min-w-0 sm:w-auto">
          <legend className={smallLabel}>Due between</legend>
          <div className="flex items-center gap-1.5">
            <label htmlFor={`${id}-from`} className="sr-only">
              Due from
            </label>
            <input
              id={`${id}-from`}
              type="date"
              value={filters.dueFrom ?? ""}
              onChange={(event) => setDate("dueFrom")(event.target.value)}
              className={`${control} min-w-0 flex-1 !py-1.5 sm:!w-auto sm:flex-none`}
            />
            <span aria-hidden className="text-slate-400">
              –
            </span>
            <label htmlFor={`${id}-to`} className="sr-only">
              Due to
            </label>
            <input
              id={`${id}-to`}
              type="date"
              value={filters.dueTo ?? ""}
              onChange={(event) => setDate("dueTo")(event.target.value)}
              aria-invalid={badRange || undefined}
              aria-describedby={badRange ? `${id}-range-error` : undefined}
              className={`${control} min-w-0 flex-1 !py-1.5 sm:!w-auto sm:flex-none`}
            />
          </div>
          {(filters.dueFrom || filters.dueTo) && (
            <p className="mt-1 text-xs text-slate-600" data-testid="due-range-reads">
              {filters.dueFrom ? formatDate(filters.dueFrom) : "Any day"} – {filters.dueTo ? formatDate(filters.dueTo) : "any day"}
            </p>
          )}
        </fieldset>
        {hasActiveTaskFilters(filters) && (
          <button
            type="button"
            className="pb-1.5 text-sm font-medium text-brand-700 underline hover:text-brand-600"
            onClick={() => onChange(clearedTaskFilters(filters))}
          >
            Clear filters
          </button>
        )}
      </div>
      {badRange && (
        <p id={`${id}-range-error`} role="alert" className="text-sm text-rose-700">
          The range end cannot be before its start; it is ignored until you fix it.
        </p>
      )}
    </div>
  );
}
