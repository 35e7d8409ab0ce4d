import { roleHasPermission } from "@agency/validators";
import type { Metadata } from "next";
import { RevenueDashboard } from "~/components/revenue/revenue-dashboard";
import { ButtonLink } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { NoOrganization } from "~/components/ui/no-organization";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Revenue" };

export default async function RevenueRoute() {
  const sessionId = await currentSessionId();
  if (!sessionId) return null; // the layout has already sent this request to sign-in
  const { active } = await activeOrgState(sessionId);
  if (!active) return <NoOrganization section="Revenue" belongings="Revenue figures" />;
  if (!roleHasPermission(active.role, "revenue:read")) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Revenue</h1>
        <EmptyState
          icon="⊘"
          title="You need admin access"
          description={`Revenue shows what ${active.name}'s clients pay. Only owners and admins can read it; ask one of them if you need it.`}
          action={
            <ButtonLink href="/app" variant="secondary">
              Back to the dashboard
            </ButtonLink>
          }
        />
      </div>
    );
  }
  return (
    <RevenueDashboard
      key={active.id}
      org={{ id: active.id, name: active.name, canManage: roleHasPermission(active.role, "org:update") }}
    />
  );
}
