import type { Metadata } from "next";
import { TASK_STATUSES } from "@agency/validators";
import { HydrationBoundary } from "@tanstack/react-query";
import { z } from "zod";
import { AssistantPanel } from "~/components/assistant/assistant-panel";
import { ProjectBoard } from "~/components/board/project-board";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { NoOrganization } from "~/components/ui/no-organization";
import { columnInput } from "~/lib/board-columns";
import { activeOrgState } from "~/server/active-org";
import { nextCursor, serverPrefetch } from "~/server/prefetch";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Project board" };

export default async function ProjectBoardRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { projectId } = await params;
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Projects" belongings="Projects" />;
  if (!z.uuid().safeParse(projectId).success) {
    return (
      <div data-testid="board-not-found">
        <EmptyState
          icon="▤"
          title="Project not found"
          description="This link does not point to a project."
          action={
            <ButtonLink href="/app/projects" variant="secondary">
              All projects
            </ButtonLink>
          }
        />
      </div>
    );
  }
  // The project and its four columns come with the page, fetched in parallel (the browser used to
  // wait for the project before asking for the columns). A project that is not there is left to
  // the board, which says so. The board's head event id is read first: the live stream starts from
  // it, so whatever changes while the columns load is replayed instead of reloading them.
  const { trpc, queryClient, dehydrate } = serverPrefetch(sessionId);
  await queryClient.prefetchQuery(trpc.board.head.queryOptions({ orgId: active.id, projectId }));
  const state = await dehydrate([
    queryClient.prefetchQuery(trpc.projects.get.queryOptions({ orgId: active.id, projectId })),
    ...TASK_STATUSES.map((status) =>
      queryClient.prefetchInfiniteQuery(trpc.tasks.list.infiniteQueryOptions(columnInput(active.id, projectId, status), { getNextPageParam: nextCursor })),
    ),
  ]);
  // Keyed by organization and project: switching either starts from a clean board.
  return (
    <HydrationBoundary state={state}>
      <div className="space-y-6">
        <ProjectBoard
          key={`${active.id}:${projectId}`}
          org={{ id: active.id, name: active.name, role: active.role }}
          projectId={projectId}
        />
        <AssistantPanel key={`assistant:${active.id}:${projectId}`} org={{ id: active.id, name: active.name, role: active.role }} context={{ type: "project", id: projectId }} />
      </div>
    </HydrationBoundary>
  );
}
