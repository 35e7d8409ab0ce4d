"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { ProjectStatusBadge } from "../projects/project-status-badge";
import { ProjectFacts } from "../projects/project-summary";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";

const SHOWN = 25;

/** The client's live projects: name (opens the board), status, budget, dates and task counts. */
export function ClientProjects({ orgId, clientId, clientName }: { orgId: string; clientId: string; clientName: string }) {
  const trpc = useTRPC();
  const projects = useQuery(trpc.projects.list.queryOptions({ orgId, clientId, limit: SHOWN, sort: "name" }));
  const allLink = `/app/projects?client=${clientId}`;
  return (
    <Card
      title="Projects"
      action={
        projects.data && projects.data.items.length > 0 ? (
          <Link href={allLink} className="text-sm font-medium text-brand-700 hover:underline">
            {projects.data.nextCursor ? `All projects of ${clientName}` : "Open in projects"}
          </Link>
        ) : null
      }
    >
      {projects.isPending ? (
        <div className="space-y-2" aria-label="Loading projects" data-testid="client-projects-loading">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : projects.isError ? (
        <ErrorState {...toUserFacingError(projects.error)} onRetry={() => void projects.refetch()} retrying={projects.isRefetching} />
      ) : projects.data.items.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="client-projects-empty">
          No projects for {clientName} yet.{" "}
          <Link href="/app/projects" className="font-medium text-brand-700 hover:underline">
            Go to projects
          </Link>{" "}
          to start one.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="client-projects">
          {projects.data.items.map((project) => (
            <li key={project.id} className="py-3 first:pt-0 last:pb-0" data-testid="client-project">
              <div className="flex flex-wrap items-center gap-2">
                <Link
                  href={`/app/projects/${project.id}`}
                  className="min-w-0 break-words text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline"
                >
                  {project.name}
                </Link>
                <ProjectStatusBadge status={project.status} />
              </div>
              <ProjectFacts project={project} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
