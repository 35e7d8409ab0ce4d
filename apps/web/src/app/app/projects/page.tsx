import type { Metadata } from "next";
import { ProjectsPage } from "~/components/projects/projects-page";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Projects" belongings="Projects" />;
  // Keyed by the organization: switching organizations starts from a clean page.
  return <ProjectsPage key={active.id} org={{ id: active.id, name: active.name, role: active.role }} />;
}
