import type { Metadata } from "next";
import type { MyWork as MyWorkData } from "@agency/validators";
import { MyWork } from "~/components/my-work/my-work";
import { EmptyState } from "~/components/ui/empty-state";
import { ButtonLink } from "~/components/ui/button";
import { Badge } from "~/components/ui/badge";
import { activeOrgState } from "~/server/active-org";
import { serverApi } from "~/server/internal-api";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "My work" };

/**
 * The home page: My work in the active organization. Platform status is not a tenant's business:
 * it lives on the public /status page (up or down only); Agency OS has no platform-operator role.
 */
export default async function MyWorkPage() {
  const sessionId = await currentSessionId();
  const { active } = sessionId ? await activeOrgState(sessionId) : { active: null };
  // The first answer comes with the page; a failure here is shown (and retried) by the client.
  const initial: MyWorkData | null =
    sessionId && active ? await serverApi(sessionId).myWork.get.query({ orgId: active.id }).catch(() => null) : null;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">My work</h1>
          {active && (
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <span className="truncate" data-testid="dashboard-org-name">
                {active.name}
              </span>
              <Badge>{active.role}</Badge>
            </p>
          )}
        </div>
        {active && (
          <ButtonLink href="/app/organization" variant="secondary">
            Members and invitations
          </ButtonLink>
        )}
      </div>
      {active ? (
        <MyWork key={active.id} orgId={active.id} initial={initial} />
      ) : (
        <EmptyState
          icon="◇"
          title="Create your first organization"
          description="An organization is your agency's shared workspace: invite your team, then add clients, projects and tasks."
          action={<ButtonLink href="/app/organizations/new">Create organization</ButtonLink>}
        />
      )}
    </div>
  );
}
