import { decodeTextCursor, decodeTimestampCursor, encodeCursor } from "./cursor";

/**
 * Keyset pagination for lists sorted by name (A→Z) or newest first, with the id as the
 * tie-break — clients and projects. `after` is the condition for the rows after the cursor,
 * written with a plain range bound on the sort key beside the tie-breaking OR: PostgreSQL
 * uses the bound as an index condition (the OR alone is only a filter, which would scan
 * from the first row). Spread `after` into the model's where (`AND`) and pass `orderBy`.
 */
export function nameOrNewestKeyset(sort: "name" | "newest", cursor: string | undefined) {
  const cursorOf = (row: { id: string; name: string; createdAt: Date }) =>
    encodeCursor(sort === "name" ? row.name : row.createdAt.getTime(), row.id);
  if (sort === "name") {
    const orderBy = [{ name: "asc" as const }, { id: "asc" as const }];
    if (!cursor) return { after: undefined, orderBy, cursorOf };
    const { key: name, id } = decodeTextCursor(cursor);
    return {
      after: { name: { gte: name }, OR: [{ name: { gt: name } }, { name, id: { gt: id } }] },
      orderBy,
      cursorOf,
    };
  }
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  if (!cursor) return { after: undefined, orderBy, cursorOf };
  const { at, id } = decodeTimestampCursor(cursor);
  return {
    after: { createdAt: { lte: at }, OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] },
    orderBy,
    cursorOf,
  };
}
