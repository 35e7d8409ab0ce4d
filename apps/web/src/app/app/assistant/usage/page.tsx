import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { AssistantUsage } from "~/components/assistant/assistant-usage";
import { EmptyState } from "~/components/ui/empty-state";
import { TabLinks } from "~/components/ui/tab-links";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Assistant usage" };

export default async function AssistantUsageRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Assistant" belongings="Usage" />;
  const admin = roleHasPermission(active.role, "org:update");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Assistant</h1>
        <p className="mt-1 text-sm text-slate-600">Tokens and cost per member, the monthly budget, and the switch for {active.name}.</p>
      </div>
      <TabLinks
        label="Assistant views"
        tabs={[
          { href: "/app/assistant", label: "Chat", current: false },
          { href: "/app/assistant/usage", label: "Usage and budget", current: true },
        ]}
      />
      {admin ? <AssistantUsage key={active.id} org={{ id: active.id, name: active.name }} /> : <EmptyState icon="⊘" title="You need admin access" description={`Only owners and admins of ${active.name} see assistant usage and change its budget.`} />}
    </div>
  );
}
