import type { SystemStatus } from "@agency/validators";

/** What a visitor may know about the service: up, degraded, unreachable, or not known yet. */
export type ServiceState = "ok" | "degraded" | "down" | "checking";

export interface ServiceStatusView {
  state: ServiceState;
  /** One line for a visitor: no figures, no internals. */
  headline: string;
  /** Short form for badges and the dashboard. */
  label: "Up" | "Degraded" | "Unreachable" | "Checking…";
  tone: "success" | "warning" | "danger" | "neutral";
}

const VIEWS: Record<ServiceState, Omit<ServiceStatusView, "state">> = {
  ok: { headline: "All systems normal", label: "Up", tone: "success" },
  degraded: { headline: "Running degraded", label: "Degraded", tone: "warning" },
  down: { headline: "Agency OS is unreachable", label: "Unreachable", tone: "danger" },
  checking: { headline: "Checking status…", label: "Checking…", tone: "neutral" },
};

/**
 * `system.status` as a visitor sees it. The last good answer wins over a failed poll (the
 * caller marks it stale); no answer and an error means the API (or the way to it) is down.
 */
export function describeServiceStatus(data: SystemStatus | undefined, isError: boolean): ServiceStatusView {
  const state: ServiceState = data ? data.status : isError ? "down" : "checking";
  return { state, ...VIEWS[state] };
}
