"use client";

import {
  PROJECT_STATUSES,
  PROJECT_STATUS_LABELS,
  type ProjectFilters,
  type ProjectSort,
  type ProjectStatus,
} from "~/lib/project-filters";
import { DebouncedInput } from "../ui/debounced-input";
import { fieldControlClass } from "../ui/field";
import { useClientOptions } from "./use-client-options";

const SORT_LABELS: Record<ProjectSort, string> = { name: "Name (A–Z)", newest: "Newest first" };
const select = `${fieldControlClass} !mt-0`;

/** Search, client, status and sort of the projects list; every change goes to the URL at once. */
export function ProjectFiltersBar({
  orgId,
  filters,
  onChange,
}: {
  orgId: string;
  filters: ProjectFilters;
  onChange: (next: ProjectFilters) => void;
}) {
  const clients = useClientOptions(orgId);
  const options = clients.data?.items ?? [];
  return (
    <div
      role="search"
      aria-label="Filter projects"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,1fr)_12rem_10rem_10rem]"
    >
      <div>
        <label htmlFor="projects-search" className="sr-only">
          Search projects
        </label>
        <DebouncedInput
          id="projects-search"
          type="search"
          placeholder="Search projects or clients…"
          autoComplete="off"
          maxLength={100}
          value={filters.q}
          onCommit={(q) => onChange({ ...filters, q })}
          className="!mt-0"
        />
      </div>
      <div>
        <label htmlFor="projects-client" className="sr-only">
          Filter by client
        </label>
        <select
          id="projects-client"
          value={filters.clientId ?? ""}
          onChange={(event) => onChange({ ...filters, clientId: event.target.value || null })}
          className={select}
        >
          <option value="">All clients</option>
          {filters.clientId && !options.some((client) => client.id === filters.clientId) && (
            <option value={filters.clientId}>{clients.isPending ? "Loading…" : "Unknown client"}</option>
          )}
          {options.map((client) => (
            <option key={client.id} value={client.id}>
              {client.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="projects-status" className="sr-only">
          Filter by status
        </label>
        <select
          id="projects-status"
          value={filters.status ?? ""}
          onChange={(event) => onChange({ ...filters, status: (event.target.value || null) as ProjectStatus | null })}
          className={select}
        >
          <option value="">All statuses</option>
          {PROJECT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {PROJECT_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="projects-sort" className="sr-only">
          Sort projects
        </label>
        <select
          id="projects-sort"
          value={filters.sort}
          onChange={(event) => onChange({ ...filters, sort: event.target.value as ProjectSort })}
          className={select}
        >
          {(Object.keys(SORT_LABELS) as ProjectSort[]).map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
