import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { IntegrationsSettings } from "~/components/integrations/integrations-settings";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active || !roleHasPermission(active.role, "integration:manage")) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Integrations</h1>
        <EmptyState
          icon="⇄"
          title={active ? "Only owners and admins manage integrations" : "You are not in an organization yet"}
          description={active ? "Ask an owner or admin of this organization to set up webhooks or Slack." : "Create an organization first."}
          action={<ButtonLink href="/app/organization">Back to organization</ButtonLink>}
        />
      </div>
    );
  }
  return <IntegrationsSettings key={active.id} orgId={active.id} />;
}
