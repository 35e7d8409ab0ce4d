import type { Metadata } from "next";
import { SystemStatusPanel } from "~/components/status/system-status-panel";
import { NAV_ITEMS } from "~/components/shell/nav-items";
import Link from "next/link";
import { EmptyState } from "~/components/ui/empty-state";
import { ButtonLink } from "~/components/ui/button";
import { Badge } from "~/components/ui/badge";
import { activeOrgState } from "~/server/active-org";
import { currentSessionId } from "~/server/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const sessionId = await currentSessionId();
  const { active } = sessionId ? await activeOrgState(sessionId) : { active: null };
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Dashboard</h1>
        <p className="mt-1 text-sm text-slate-600">Your workspace at a glance.</p>
      </div>
      {active ? (
        <section
          aria-labelledby="active-org"
          className="flex flex-wrap items-center gap-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
        >
          <div className="min-w-48 flex-1">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Active organization</p>
            <h2 id="active-org" className="mt-0.5 flex flex-wrap items-center gap-2 text-lg font-semibold text-slate-900">
              <span className="truncate" data-testid="dashboard-org-name">
                {active.name}
              </span>
              <Badge>{active.role}</Badge>
            </h2>
          </div>
          <ButtonLink href="/app/organization" variant="secondary">
            Members and invitations
          </ButtonLink>
        </section>
      ) : (
        <EmptyState
          icon="◇"
          title="Create your first organization"
          description="An organization is your agency's shared workspace: invite your team, then add clients, projects and tasks."
          action={<ButtonLink href="/app/organizations/new">Create organization</ButtonLink>}
        />
      )}
      <SystemStatusPanel />
      <section aria-labelledby="next">
        <h2 id="next" className="mb-3 text-sm font-semibold text-slate-900">
          Coming to your workspace
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {NAV_ITEMS.filter((item) => !item.ready).map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                className="block h-full rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500"
              >
                <span className="flex items-center gap-2 font-medium text-slate-900">
                  <span aria-hidden>{item.icon}</span>
                  {item.label}
                </span>
                <span className="mt-1 block text-sm text-slate-600">{item.description}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
