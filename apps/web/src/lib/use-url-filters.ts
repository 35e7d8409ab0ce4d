"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { SearchParamsReader } from "./search-params";

/**
 * Filters kept in the URL's query. Changes go through the History API, which
 * Next's router follows (useSearchParams updates) without a server round trip:
 * typing in a search box must not re-render the server layout on every key.
 * "push" makes a back-button step (switching views); "replace" does not (typing).
 */
export function useUrlFilters<T>(
  parse: (params: SearchParamsReader) => T,
  serialize: (filters: T) => string,
): [T, (next: T, mode?: "push" | "replace") => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = searchParams.toString();
  // Keyed on the query string, not the params object, so an unrelated re-render keeps the same filters object.
  const filters = useMemo(() => parse(new URLSearchParams(query)), [query]);
  const setFilters = useCallback(
    (next: T, mode: "push" | "replace" = "replace") => {
      const url = `${pathname}${serialize(next)}`;
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname, serialize],
  );
  return [filters, setFilters];
}
