"use client";

import type { TaskStatus } from "@agency/validators";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { columnInput } from "./use-board-cache";

/** One column's cards in board order, page by page. */
function useColumn(orgId: string, projectId: string, status: TaskStatus, enabled: boolean) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(columnInput(orgId, projectId, status), {
      enabled,
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // Live events keep the columns current while the page is open; refetching on focus would only
      // fight in-flight moves. The columns come with the page (server prefetch, after board.head), and
      // the live stream resumes from that head (use-board-live), so a mount within 5 s of a load does
      // not fetch them a second time; opening the board later does.
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    }),
  );
}

/** The four columns, each loaded (and paginated) on its own. */
export function useBoardColumns(orgId: string, projectId: string, enabled: boolean) {
  return {
    todo: useColumn(orgId, projectId, "todo", enabled),
    in_progress: useColumn(orgId, projectId, "in_progress", enabled),
    review: useColumn(orgId, projectId, "review", enabled),
    done: useColumn(orgId, projectId, "done", enabled),
  } satisfies Record<TaskStatus, unknown>;
}
