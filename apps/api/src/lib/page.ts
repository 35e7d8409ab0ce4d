/**
 * One page of a keyset-paginated list: the first `limit` of `rows` (fetched with limit + 1)
 * and the cursor of the last one when more follow.
 */
export function pageOf<Row>(rows: Row[], limit: number, cursorOf: (last: Row) => string): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
