"use client";

import type { ProjectDto } from "@agency/validators";
import Link from "next/link";
import { useState } from "react";
import { formatDate } from "~/lib/dates";
import { Button } from "../ui/button";
import { ProjectForm } from "./project-form";
import { ProjectStatusBadge } from "./project-status-badge";
import { ProjectFacts } from "./project-summary";
import type { ProjectBudget } from "~/lib/revenue";
import { ProjectBudgetLine } from "../revenue/project-budget-line";

const small = "!px-3 !py-1.5";

/** A live project: name (opens the board), client, status, budget, dates, task counts; edit and delete for writers. */
export function ProjectRow({
  orgId,
  project,
  canWrite,
  budget,
  onMoveToTrash,
}: {
  orgId: string;
  project: ProjectDto;
  canWrite: boolean;
  /** Budget vs invoiced, for people who read revenue. */
  budget?: ProjectBudget | undefined;
  onMoveToTrash: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  return (
    <li className="py-3" data-testid="project-row">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1 basis-64">
          <div className="flex flex-wrap items-center gap-2">
            <Link
              href={`/app/projects/${project.id}`}
              className="truncate text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline"
            >
              {project.name}
            </Link>
            <ProjectStatusBadge status={project.status} />
          </div>
          <p className="truncate text-xs text-slate-500">{project.client.name}</p>
          <ProjectFacts project={project} />
          {budget && <ProjectBudgetLine budget={budget} />}
        </div>
        {canWrite && !editing && (
          <div className="flex flex-wrap items-center gap-2">
            {confirming ? (
              <>
                <Button variant="secondary" className={`${small} text-rose-700`} onClick={onMoveToTrash} autoFocus>
                  Move to trash
                </Button>
                <Button variant="ghost" className={small} onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
              </>
            ) : (
              <>
                <Button
                  variant="ghost"
                  className={small}
                  aria-label={`Edit ${project.name}`}
                  onClick={() => setEditing(true)}
                >
                  Edit
                </Button>
                <Button
                  variant="ghost"
                  className={small}
                  aria-label={`Delete ${project.name}`}
                  onClick={() => setConfirming(true)}
                >
                  Delete
                </Button>
              </>
            )}
          </div>
        )}
      </div>
      {editing && (
        <div className="mt-3">
          <ProjectForm
            orgId={orgId}
            project={project}
            onSaved={() => setEditing(false)}
            onCancel={() => setEditing(false)}
          />
        </div>
      )}
    </li>
  );
}

/** A project in the trash: when it was deleted, and Restore for writers. */
export function TrashedProjectRow({
  project,
  canWrite,
  onRestore,
}: {
  project: ProjectDto;
  canWrite: boolean;
  onRestore: () => void;
}) {
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid="project-trash-row">
      <div className="min-w-0 flex-1 basis-56">
        <p className="truncate text-sm font-medium text-slate-900">{project.name}</p>
        <p className="truncate text-xs text-slate-500">
          {project.client.name}
          {project.deletedAt ? ` · deleted ${formatDate(project.deletedAt)}` : ""}
        </p>
      </div>
      {canWrite && (
        <Button variant="secondary" className={small} aria-label={`Restore ${project.name}`} onClick={onRestore}>
          Restore
        </Button>
      )}
    </li>
  );
}
