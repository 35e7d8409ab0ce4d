import { listProjectsInputSchema, projectStatusSchema } from "@agency/validators";
import { z } from "zod";
import { toQueryString, type SearchParamsReader } from "./search-params";

export type ProjectStatus = z.infer<typeof projectStatusSchema>;
export type ProjectSort = z.output<typeof listProjectsInputSchema.shape.sort>;
export type ProjectsView = "projects" | "trash";
export type ProjectListInput = Omit<z.input<typeof listProjectsInputSchema>, "cursor">;

/** The projects list as the URL describes it: `?q=&status=&client=&sort=&view=trash`. */
export interface ProjectFilters {
  q: string;
  status: ProjectStatus | null;
  clientId: string | null;
  sort: ProjectSort;
  view: ProjectsView;
}

export const PROJECT_STATUSES = projectStatusSchema.options;
export const PROJECT_SORTS = listProjectsInputSchema.shape.sort.unwrap().options;
export const DEFAULT_PROJECT_FILTERS: ProjectFilters = {
  q: "",
  status: null,
  clientId: null,
  sort: "name",
  view: "projects",
};
export const PROJECTS_PAGE_SIZE = 25;

const SEARCH_MAX = 100;

/** Reads the filters from the URL; anything unknown or malformed falls back to the default instead of failing. */
export function parseProjectFilters(params: SearchParamsReader): ProjectFilters {
  const status = projectStatusSchema.safeParse(params.get("status"));
  const sort = listProjectsInputSchema.shape.sort.safeParse(params.get("sort") ?? undefined);
  const clientId = z.uuid().safeParse(params.get("client"));
  return {
    q: (params.get("q") ?? "").trim().slice(0, SEARCH_MAX),
    status: status.success ? status.data : null,
    clientId: clientId.success ? clientId.data : null,
    sort: sort.success ? sort.data : DEFAULT_PROJECT_FILTERS.sort,
    view: params.get("view") === "trash" ? "trash" : "projects",
  };
}

/** The query string for these filters, defaults left out ("" when everything is default). */
export function projectFiltersQuery(filters: ProjectFilters): string {
  return toQueryString({
    q: filters.q.trim(),
    status: filters.status,
    client: filters.clientId,
    sort: filters.sort === DEFAULT_PROJECT_FILTERS.sort ? null : filters.sort,
    view: filters.view === "trash" ? "trash" : null,
  });
}

/** The projects.list input (without the cursor, which the infinite query adds page by page). */
export function projectListInput(orgId: string, filters: ProjectFilters): ProjectListInput {
  const search = filters.q.trim();
  return {
    orgId,
    limit: PROJECTS_PAGE_SIZE,
    sort: filters.sort,
    deleted: filters.view === "trash",
    ...(search ? { search } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.clientId ? { clientId: filters.clientId } : {}),
  };
}

export function hasActiveProjectFilters(filters: ProjectFilters): boolean {
  return filters.q.trim() !== "" || filters.status !== null || filters.clientId !== null;
}

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: "Planned",
  active: "Active",
  on_hold: "On hold",
  completed: "Completed",
  cancelled: "Cancelled",
};
