import type { Metadata } from "next";
import { z } from "zod";
import { AssistantPanel } from "~/components/assistant/assistant-panel";
import { ProjectBoard } from "~/components/board/project-board";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
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
  // Keyed by organization and project: switching either starts from a clean board.
  return (
    <div className="space-y-6">
      <ProjectBoard
        key={`${active.id}:${projectId}`}
        org={{ id: active.id, name: active.name, role: active.role }}
        projectId={projectId}
      />
      <AssistantPanel key={`assistant:${active.id}:${projectId}`} org={{ id: active.id, name: active.name, role: active.role }} context={{ type: "project", id: projectId }} />
    </div>
  );
}
