/** tRPC's useSubscription states: idle (not started), connecting, pending (open), error (gave up for now). */
export type SubscriptionStatus = "idle" | "connecting" | "pending" | "error";

export interface ConnectionView {
  label: "Live" | "Connecting…" | "Reconnecting…" | "Offline";
  tone: "success" | "warning" | "danger";
}

/**
 * What the live indicator shows. "Live" needs an open stream AND a beat seen:
 * an open socket through a buffering proxy would otherwise look healthy.
 */
export function describeConnection(status: SubscriptionStatus, hasBeat: boolean): ConnectionView {
  if (status === "pending" && hasBeat) return { label: "Live", tone: "success" };
  if (status === "error") return { label: "Offline", tone: "danger" };
  if (status === "connecting" && hasBeat) return { label: "Reconnecting…", tone: "warning" };
  return { label: "Connecting…", tone: "warning" };
}
