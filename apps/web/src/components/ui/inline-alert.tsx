import type { ReactNode } from "react";

type Tone = "error" | "warning" | "success" | "info";

const tones: Record<Tone, string> = {
  error: "bg-rose-50 text-rose-800 ring-rose-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  info: "bg-brand-50 text-brand-700 ring-brand-100",
};

/** A message inside a card or form: errors and warnings are alerts, successes and info are polite status updates. */
export function InlineAlert({
  tone,
  title,
  children,
  actions,
  testId,
}: {
  tone: Tone;
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  const urgent = tone === "error" || tone === "warning";
  return (
    <div role={urgent ? "alert" : "status"} data-testid={testId} className={`rounded-lg px-3 py-2 text-sm ring-1 ring-inset ${tones[tone]}`}>
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={title ? "mt-0.5" : undefined}>{children}</div>}
      {actions && <div className="mt-2 flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
