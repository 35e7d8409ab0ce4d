import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { TasksPage } from "~/components/tasks/tasks-page";
import { NoOrganization } from "~/components/ui/no-organization";
import { parseTaskFilters, taskListInput } from "~/lib/task-filters";
import { lookupProjectsInput } from "~/lib/task-lookups";
import { activeOrgState } from "~/server/active-org";
import { nextCursor, serverPrefetch } from "~/server/prefetch";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Tasks" };

type SearchParams = Record<string, string | string[] | undefined>;

/** The URL's query as URLSearchParams (a repeated key keeps its first value, as the browser's reader does). */
function urlSearchParams(params: SearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) search.set(key, first);
  }
  return search;
}

export default async function TasksRoute({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Tasks" belongings="Tasks" />;
  // The first page of the list the URL asks for, and the names it shows, come with the page.
  const filters = parseTaskFilters(urlSearchParams(await searchParams));
  const { trpc, queryClient, dehydrate } = serverPrefetch(sessionId);
  const state = await dehydrate([
    queryClient.prefetchInfiniteQuery(trpc.tasks.list.infiniteQueryOptions(taskListInput(active.id, filters), { getNextPageParam: nextCursor })),
    queryClient.prefetchQuery(trpc.members.list.queryOptions({ orgId: active.id })),
    queryClient.prefetchQuery(trpc.projects.list.queryOptions(lookupProjectsInput(active.id))),
  ]);
  // Keyed by the organization: switching organizations starts from a clean page.
  return (
    <HydrationBoundary state={state}>
      <TasksPage key={active.id} org={{ id: active.id, name: active.name, role: active.role }} />
    </HydrationBoundary>
  );
}
