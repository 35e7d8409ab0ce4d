import {
  isoDateSchema,
  type listTasksInputSchema,
  taskLabelSchema,
  taskPrioritySchema,
  taskSortSchema,
  taskStatusSchema,
  type TaskPriority,
  type TaskStatus,
} from "@agency/validators";
import { z } from "zod";
import { toQueryString, type SearchParamsReader } from "./search-params";

export type TaskSort = z.infer<typeof taskSortSchema>;
export type TasksView = "tasks" | "trash";

/**
 * The tasks list as the URL describes it:
 * `?q=&status=todo,review&priority=high&assignee=<id>|none|me&project=&label=&dueFrom=&dueTo=&sort=&view=trash`.
 */
export interface TaskFilters {
  q: string;
  status: TaskStatus[];
  priority: TaskPriority[];
  /** A member's id, "none" for unassigned, "me" for whoever opens the link, or null for anyone. */
  assignee: string | null;
  project: string | null;
  label: string;
  dueFrom: string | null;
  dueTo: string | null;
  sort: TaskSort;
  view: TasksView;
}

export const TASK_SORTS = taskSortSchema.options;
export const DEFAULT_TASK_FILTERS: TaskFilters = {
  q: "",
  status: [],
  priority: [],
  assignee: null,
  project: null,
  label: "",
  dueFrom: null,
  dueTo: null,
  sort: "newest",
  view: "tasks",
};
export const TASKS_PAGE_SIZE = 25;
/** The API searches from 2 characters on; a shorter query is kept in the box but not sent. */
export const SEARCH_MIN = 2;
const SEARCH_MAX = 100;
const LABEL_MAX = 40;

const uuid = z.uuid();

/** "todo,review,bogus,todo" → ["todo", "review"]: known values only, once each, in the enum's order. */
function parseList<T extends string>(raw: string | null, options: readonly T[]): T[] {
  if (!raw) return [];
  const wanted = new Set(raw.split(","));
  return options.filter((option) => wanted.has(option));
}

/** A `YYYY-MM-DD` date with a plausible year (a date input mid-typing briefly holds years like 0002). */
export function isCompleteDate(value: string): boolean {
  return isoDateSchema.safeParse(value).success && Number(value.slice(0, 4)) >= 1900;
}

function parseDate(raw: string | null): string | null {
  return raw && isCompleteDate(raw) ? raw : null;
}

/** Reads the filters from the URL; anything unknown or malformed falls back to the default instead of failing. */
export function parseTaskFilters(params: SearchParamsReader): TaskFilters {
  const assignee = params.get("assignee");
  const project = params.get("project");
  const label = taskLabelSchema.safeParse(params.get("label") ?? "");
  const sort = taskSortSchema.safeParse(params.get("sort"));
  const projectId = project && uuid.safeParse(project).success ? project : null;
  return {
    q: (params.get("q") ?? "").trim().slice(0, SEARCH_MAX),
    status: parseList(params.get("status"), taskStatusSchema.options),
    priority: parseList(params.get("priority"), taskPrioritySchema.options),
    assignee: assignee === "none" || assignee === "me" || (assignee && uuid.safeParse(assignee).success) ? assignee : null,
    project: projectId,
    label: label.success ? label.data.slice(0, LABEL_MAX) : "",
    dueFrom: parseDate(params.get("dueFrom")),
    dueTo: parseDate(params.get("dueTo")),
    // Board order only exists inside one project.
    sort: sort.success && (sort.data !== "position" || projectId) ? sort.data : DEFAULT_TASK_FILTERS.sort,
    view: params.get("view") === "trash" ? "trash" : "tasks",
  };
}

/** The query string for these filters, defaults left out ("" when everything is default). */
export function taskFiltersQuery(filters: TaskFilters): string {
  return toQueryString({
    q: filters.q.trim(),
    status: filters.status.join(","),
    priority: filters.priority.join(","),
    assignee: filters.assignee,
    project: filters.project,
    label: filters.label.trim().toLowerCase(),
    dueFrom: filters.dueFrom,
    dueTo: filters.dueTo,
    sort: filters.sort === DEFAULT_TASK_FILTERS.sort ? null : filters.sort,
    view: filters.view === "trash" ? "trash" : null,
  });
}

/** The due range runs backwards: the list ignores its end until it is fixed (the filter bar says so). */
export function dueRangeInvalid(filters: Pick<TaskFilters, "dueFrom" | "dueTo">): boolean {
  return Boolean(filters.dueFrom && filters.dueTo && filters.dueTo < filters.dueFrom);
}

export type TaskListInput = Omit<z.input<typeof listTasksInputSchema>, "cursor">;

/** The tasks.list input (without the cursor, which the infinite query adds page by page). */
export function taskListInput(orgId: string, filters: TaskFilters): TaskListInput {
  const search = filters.q.trim();
  const label = filters.label.trim().toLowerCase();
  return {
    orgId,
    limit: TASKS_PAGE_SIZE,
    sort: filters.sort === "position" && !filters.project ? "newest" : filters.sort,
    deleted: filters.view === "trash",
    ...(search.length >= SEARCH_MIN ? { search } : {}),
    ...(filters.status.length ? { status: filters.status } : {}),
    ...(filters.priority.length ? { priority: filters.priority } : {}),
    ...(filters.assignee ? { assigneeId: filters.assignee } : {}),
    ...(filters.project ? { projectId: filters.project } : {}),
    ...(label ? { label } : {}),
    ...(filters.dueFrom ? { dueFrom: filters.dueFrom } : {}),
    ...(filters.dueTo && !dueRangeInvalid(filters) ? { dueTo: filters.dueTo } : {}),
  };
}

export function hasActiveTaskFilters(filters: TaskFilters): boolean {
  return (
    filters.q.trim() !== "" ||
    filters.status.length > 0 ||
    filters.priority.length > 0 ||
    filters.assignee !== null ||
    filters.project !== null ||
    filters.label.trim() !== "" ||
    filters.dueFrom !== null ||
    filters.dueTo !== null
  );
}

/** Everything cleared except how the list is sorted and which view is open. */
export function clearedTaskFilters(filters: TaskFilters): TaskFilters {
  return {
    ...DEFAULT_TASK_FILTERS,
    sort: filters.sort === "position" ? DEFAULT_TASK_FILTERS.sort : filters.sort,
    view: filters.view,
  };
}

/** Adds the value when missing, removes it when present, keeping the enum's order. */
export function toggled<T extends string>(list: readonly T[], value: T, options: readonly T[]): T[] {
  const next = list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
  return options.filter((option) => next.includes(option));
}
