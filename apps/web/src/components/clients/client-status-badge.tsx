import type { ComponentProps } from "react";
import type { ClientStatus } from "~/lib/client-filters";
import { Badge } from "../ui/badge";

const TONES: Record<ClientStatus, ComponentProps<typeof Badge>["tone"]> = {
  active: "success",
  paused: "warning",
  archived: "neutral",
};

export const STATUS_LABELS: Record<ClientStatus, string> = { active: "Active", paused: "Paused", archived: "Archived" };

export function ClientStatusBadge({ status }: { status: ClientStatus }) {
  return <Badge tone={TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}
