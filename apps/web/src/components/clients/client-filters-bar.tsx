import { CLIENT_STATUSES, type ClientFilters, type ClientSort, type ClientStatus } from "~/lib/client-filters";
import { DebouncedInput } from "../ui/debounced-input";
import { fieldControlClass } from "../ui/field";
import { STATUS_LABELS } from "./client-status-badge";

const SORT_LABELS: Record<ClientSort, string> = { name: "Name (A–Z)", newest: "Newest first" };

/** Search, status and sort of the clients list; every change goes to the URL at once (search after a pause in typing). */
export function ClientFiltersBar({ filters, onChange }: { filters: ClientFilters; onChange: (next: ClientFilters) => void }) {
  return (
    <div role="search" aria-label="Filter clients" className="grid grid-cols-2 gap-3 sm:grid-cols-[minmax(0,1fr)_10rem_10rem]">
      <div className="col-span-2 sm:col-span-1">
        <label htmlFor="clients-search" className="sr-only">
          Search clients
        </label>
        <DebouncedInput
          id="clients-search"
          type="search"
          placeholder="Search by name…"
          autoComplete="off"
          maxLength={100}
          value={filters.q}
          onCommit={(q) => onChange({ ...filters, q })}
          className="!mt-0"
        />
      </div>
      <div>
        <label htmlFor="clients-status" className="sr-only">
          Filter by status
        </label>
        <select
          id="clients-status"
          value={filters.status ?? ""}
          onChange={(event) => onChange({ ...filters, status: (event.target.value || null) as ClientStatus | null })}
          className={`${fieldControlClass} !mt-0`}
        >
          <option value="">All statuses</option>
          {CLIENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="clients-sort" className="sr-only">
          Sort by
        </label>
        <select
          id="clients-sort"
          value={filters.sort}
          onChange={(event) => onChange({ ...filters, sort: event.target.value as ClientSort })}
          className={`${fieldControlClass} !mt-0`}
        >
          {(Object.keys(SORT_LABELS) as ClientSort[]).map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
