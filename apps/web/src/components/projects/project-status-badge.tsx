import type { ComponentProps } from "react";
import { PROJECT_STATUS_LABELS, type ProjectStatus } from "~/lib/project-filters";
import { Badge } from "../ui/badge";

const TONES: Record<ProjectStatus, ComponentProps<typeof Badge>["tone"]> = {
  planned: "neutral",
  active: "success",
  on_hold: "warning",
  completed: "neutral",
  cancelled: "danger",
};

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return <Badge tone={TONES[status]}>{PROJECT_STATUS_LABELS[status]}</Badge>;
}
