"use client";

import { roleHasPermission, type ProjectDto, type Role } from "@agency/validators";
import Link from "next/link";
import { useState, type MouseEvent } from "react";
import {
  DEFAULT_PROJECT_FILTERS,
  parseProjectFilters,
  projectFiltersQuery,
  type ProjectsView,
} from "~/lib/project-filters";
import { useHydrated } from "~/lib/use-hydrated";
import { useUrlFilters } from "~/lib/use-url-filters";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { InlineAlert } from "../ui/inline-alert";
import { TabLinks } from "../ui/tab-links";
import { ProjectFiltersBar } from "./project-filters-bar";
import { ProjectForm } from "./project-form";
import { ProjectsList } from "./projects-list";
import { useProjectListActions } from "./use-project-list-actions";

export interface ProjectsOrg {
  id: string;
  name: string;
  role: Role;
}

function isPlainClick(event: MouseEvent) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** The projects of the active organization: filters in the URL, live list or trash, and (for admins) create/edit. */
export function ProjectsPage({ org }: { org: ProjectsOrg }) {
  const [filters, setFilters] = useUrlFilters(parseProjectFilters, projectFiltersQuery);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ProjectDto | null>(null);
  const hydrated = useHydrated();
  const actions = useProjectListActions(org.id);
  const canWrite = roleHasPermission(org.role, "project:write");

  const showView = (view: ProjectsView) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    actions.dismissNotice();
    setFilters({ ...filters, view }, "push");
  };
  const tabHref = (view: ProjectsView) => `/app/projects${projectFiltersQuery({ ...filters, view })}`;
  const openCreate = () => {
    setCreated(null);
    setCreating(true);
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">Projects</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>Budgets, dates and progress of {org.name}’s work.</span>
            {!canWrite && <Badge>Read only</Badge>}
          </p>
        </div>
        {canWrite && !creating && (
          <Button onClick={openCreate} disabled={!hydrated}>
            New project
          </Button>
        )}
      </div>

      {canWrite && creating && (
        <ProjectForm
          orgId={org.id}
          onCancel={() => setCreating(false)}
          onSaved={(project) => {
            setCreating(false);
            setCreated(project);
          }}
        />
      )}
      {created && !creating && (
        <InlineAlert
          tone="success"
          testId="project-created"
          actions={
            <>
              <Link href={`/app/projects/${created.id}`} className="font-semibold underline">
                Open the {created.name} board
              </Link>
              <button type="button" className="underline" onClick={openCreate}>
                Add another
              </button>
            </>
          }
        >
          Created {created.name}.
        </InlineAlert>
      )}

      <Card>
        <div className="space-y-4">
          <TabLinks
            label="Project views"
            tabs={[
              {
                href: tabHref("projects"),
                label: "Projects",
                current: filters.view === "projects",
                onClick: showView("projects"),
              },
              { href: tabHref("trash"), label: "Trash", current: filters.view === "trash", onClick: showView("trash") },
            ]}
          />
          <ProjectFiltersBar orgId={org.id} filters={filters} onChange={(next) => setFilters(next)} />
          {actions.notice && (
            <InlineAlert
              tone={actions.notice.tone}
              testId="projects-notice"
              actions={
                <>
                  {actions.notice.undo && (
                    <button type="button" className="font-semibold underline" onClick={actions.notice.undo}>
                      Undo
                    </button>
                  )}
                  <button type="button" className="underline" onClick={actions.dismissNotice}>
                    Dismiss
                  </button>
                </>
              }
            >
              {actions.notice.message}
            </InlineAlert>
          )}
          <ProjectsList
            orgId={org.id}
            filters={filters}
            canWrite={canWrite}
            canReadRevenue={roleHasPermission(org.role, "revenue:read")}
            actions={actions}
            onClearFilters={() => setFilters({ ...DEFAULT_PROJECT_FILTERS, sort: filters.sort, view: filters.view })}
            onCreate={openCreate}
          />
        </div>
      </Card>
    </div>
  );
}
