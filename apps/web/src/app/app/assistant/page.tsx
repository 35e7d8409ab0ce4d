import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { AssistantChat } from "~/components/assistant/assistant-chat";
import { TabLinks } from "~/components/ui/tab-links";
import { EmptyState } from "~/components/ui/empty-state";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Assistant" };

export default async function AssistantRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Assistant" belongings="Conversations" />;
  const admin = roleHasPermission(active.role, "org:update");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Assistant</h1>
        <p className="mt-1 text-sm text-slate-600">
          Ask about {active.name}&apos;s clients, projects and tasks. It sees only what you can see, and changes nothing unless you confirm.
        </p>
      </div>
      {admin && (
        <TabLinks
          label="Assistant views"
          tabs={[
            { href: "/app/assistant", label: "Chat", current: true },
            { href: "/app/assistant/usage", label: "Usage and budget", current: false },
          ]}
        />
      )}
      {roleHasPermission(active.role, "assistant:use") ? (
        <AssistantChat key={active.id} org={{ id: active.id, name: active.name, role: active.role }} />
      ) : (
        <EmptyState icon="✦" title="The assistant is for members" description="Viewers cannot use the assistant. Ask an admin for the member role." />
      )}
    </div>
  );
}
