import { clientStatusSchema, listClientsInputSchema } from "@agency/validators";
import type { z } from "zod";
import type { RouterInputs } from "./router-types";
import { toQueryString, type SearchParamsReader } from "./search-params";

export type ClientStatus = z.infer<typeof clientStatusSchema>;
export type ClientSort = z.output<typeof listClientsInputSchema.shape.sort>;
export type ClientsView = "clients" | "trash";

/** The clients list as the URL describes it: `?q=&status=&sort=&view=trash`. */
export interface ClientFilters {
  q: string;
  status: ClientStatus | null;
  sort: ClientSort;
  view: ClientsView;
}

export const CLIENT_STATUSES = clientStatusSchema.options;
export const CLIENT_SORTS = listClientsInputSchema.shape.sort.unwrap().options;
export const DEFAULT_CLIENT_FILTERS: ClientFilters = { q: "", status: null, sort: "name", view: "clients" };
export const CLIENTS_PAGE_SIZE = 25;

const SEARCH_MAX = 100;

/** Reads the filters from the URL; anything unknown or malformed falls back to the default instead of failing. */
export function parseClientFilters(params: SearchParamsReader): ClientFilters {
  const status = clientStatusSchema.safeParse(params.get("status"));
  const sort = listClientsInputSchema.shape.sort.safeParse(params.get("sort") ?? undefined);
  return {
    q: (params.get("q") ?? "").trim().slice(0, SEARCH_MAX),
    status: status.success ? status.data : null,
    sort: sort.success ? sort.data : DEFAULT_CLIENT_FILTERS.sort,
    view: params.get("view") === "trash" ? "trash" : "clients",
  };
}

/** The query string for these filters, defaults left out ("" when everything is default). */
export function clientFiltersQuery(filters: ClientFilters): string {
  return toQueryString({
    q: filters.q.trim(),
    status: filters.status,
    sort: filters.sort === DEFAULT_CLIENT_FILTERS.sort ? null : filters.sort,
    view: filters.view === "trash" ? "trash" : null,
  });
}

/** The clients.list input (without the cursor, which the infinite query adds page by page). */
export function clientListInput(orgId: string, filters: ClientFilters): Omit<RouterInputs["clients"]["list"], "cursor"> {
  const search = filters.q.trim();
  return {
    orgId,
    limit: CLIENTS_PAGE_SIZE,
    sort: filters.sort,
    deleted: filters.view === "trash",
    ...(search ? { search } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
}

export function hasActiveClientFilters(filters: ClientFilters): boolean {
  return filters.q.trim() !== "" || filters.status !== null;
}
