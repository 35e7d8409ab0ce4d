/** A cursor-paginated list as useInfiniteQuery caches it. */
export interface InfinitePages<T> {
  pages: { items: T[]; nextCursor: string | null }[];
  pageParams: unknown[];
}

type ItemOf<D extends InfinitePages<unknown>> = D["pages"][number]["items"][number];

/** The same cache without the item (for an optimistic delete/restore); untouched when it is not there. */
export function withoutItem<T extends { id: string }, D extends InfinitePages<T>>(data: D | undefined, id: string): D | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== id) })) };
}

/** The same cache with the item of this id changed by `change` (for an optimistic edit, or the server's newer copy). */
export function withItemChanged<D extends InfinitePages<{ id: string }>>(
  data: D | undefined,
  id: string,
  change: (item: ItemOf<D>) => ItemOf<D>,
): D | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === id ? change(item as ItemOf<D>) : item)),
    })),
  };
}

export function allItems<T>(data: InfinitePages<T> | undefined): T[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}
