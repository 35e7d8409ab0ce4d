import type { AppRouter } from "@agency/api";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { serverApi } from "./internal-api";

/** getNextPageParam of every paginated list (the pages' own infinite queries use the same). */
export const nextCursor = (page: { nextCursor?: string | null }) => page.nextCursor ?? undefined;

/**
 * Data that comes with the page: a server component prefetches the queries its client component
 * will ask for — same query options, so the same cache keys — through the API as this session, and
 * hands the results over in `<HydrationBoundary state={dehydrate()}>`. The browser's first render
 * then has the data (it is in the HTML), instead of fetching it after hydration.
 *
 * The prefetches run in parallel. A failed one is left out (TanStack only dehydrates successful
 * queries): the client component fetches it itself and shows its own loading and error states.
 */
export function serverPrefetch(sessionId: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: serverApi(sessionId), queryClient });
  return {
    trpc,
    queryClient,
    /** Awaits every prefetch, then the state for HydrationBoundary. */
    async dehydrate(prefetches: Promise<unknown>[]): Promise<DehydratedState> {
      await Promise.all(prefetches);
      return dehydrate(queryClient);
    },
  };
}
