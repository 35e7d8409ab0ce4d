/** The part of URLSearchParams (or Next's ReadonlyURLSearchParams) the filter parsers read. */
export interface SearchParamsReader {
  get(name: string): string | null;
}

/** "?a=1&b=2" from the entries whose value is set (empty strings and nulls are left out, so defaults keep URLs short). */
export function toQueryString(entries: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(entries)) {
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}
