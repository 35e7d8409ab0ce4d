import type { Metadata } from "next";
import { OrganizationSettings } from "~/components/organizations/organization-settings";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { activeOrgState } from "~/server/active-org";
import { serverApi } from "~/server/internal-api";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Organization" };

export default async function OrganizationPage() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const [{ active }, me] = await Promise.all([activeOrgState(sessionId), serverApi(sessionId).account.me.query()]);
  if (!active) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Organization</h1>
        <EmptyState
          icon="◇"
          title="You are not in an organization yet"
          description="Create one for your agency, or open the invitation link a teammate sent you."
          action={<ButtonLink href="/app/organizations/new">Create organization</ButtonLink>}
        />
      </div>
    );
  }
  return <OrganizationSettings key={active.id} org={active} currentUserId={me.id} />;
}
