import type { Metadata } from "next";
import { TasksPage } from "~/components/tasks/tasks-page";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Tasks" };

export default async function TasksRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Tasks" belongings="Tasks" />;
  // Keyed by the organization: switching organizations starts from a clean page.
  return <TasksPage key={active.id} org={{ id: active.id, name: active.name, role: active.role }} />;
}
