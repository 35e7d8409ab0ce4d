import type { Metadata } from "next";
import { z } from "zod";
import { AssistantPanel } from "~/components/assistant/assistant-panel";
import { TaskDetail } from "~/components/tasks/task-detail";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { serverApi } from "~/server/internal-api";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Task" };

const taskIdSchema = z.uuid();

export default async function TaskRoute({ params }: { params: Promise<{ taskId: string }> }) {
  const { taskId } = await params;
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const [{ active }, me] = await Promise.all([activeOrgState(sessionId), serverApi(sessionId).account.me.query()]);
  if (!active) return <NoOrganization section="Tasks" belongings="Tasks" />;
  if (!taskIdSchema.safeParse(taskId).success) {
    // Same answer as a task of another organization: nothing tells the two apart.
    return (
      <EmptyState
        icon="☑"
        title="Task not found"
        description="It may belong to another organization, or the link is wrong."
        action={<ButtonLink href="/app/tasks">Back to tasks</ButtonLink>}
      />
    );
  }
  return (
    <div className="space-y-6">
      <TaskDetail
        key={`${active.id}:${taskId}`}
        org={{ id: active.id, name: active.name, role: active.role }}
        taskId={taskId}
        currentUserId={me.id}
      />
      <AssistantPanel key={`assistant:${active.id}:${taskId}`} org={{ id: active.id, name: active.name, role: active.role }} context={{ type: "task", id: taskId }} />
    </div>
  );
}
