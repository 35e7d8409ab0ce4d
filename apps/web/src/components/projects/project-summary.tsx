import type { ProjectDto } from "@agency/validators";
import { formatDate } from "~/lib/dates";
import { formatMoney } from "~/lib/money";
import { COLUMN_LABELS } from "~/lib/board-columns";

function dateRange(project: ProjectDto): string {
  const start = project.startDate ? formatDate(project.startDate) : null;
  const due = project.dueDate ? formatDate(project.dueDate) : null;
  if (start && due) return `${start} – ${due}`;
  if (due) return `Due ${due}`;
  if (start) return `From ${start}`;
  return "No dates";
}

/** Budget, dates and task counts per column: one line each, wrapping on a phone. */
export function ProjectFacts({ project }: { project: ProjectDto }) {
  const counts = project.taskCounts;
  const total = counts.todo + counts.in_progress + counts.review + counts.done;
  return (
    <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      <div className="flex gap-1">
        <dt className="sr-only">Budget</dt>
        <dd data-testid="project-budget">
          {project.budgetMinor === null ? "No budget" : formatMoney(project.budgetMinor, project.currency)}
        </dd>
      </div>
      <div className="flex gap-1">
        <dt className="sr-only">Dates</dt>
        <dd>{dateRange(project)}</dd>
      </div>
      <div className="flex gap-1">
        <dt className="sr-only">Tasks</dt>
        <dd data-testid="project-task-counts">
          {total === 0
            ? "No tasks"
            : (Object.keys(COLUMN_LABELS) as (keyof typeof COLUMN_LABELS)[])
                .map((status) => `${counts[status]} ${COLUMN_LABELS[status].toLowerCase()}`)
                .join(" · ")}
        </dd>
      </div>
    </dl>
  );
}
