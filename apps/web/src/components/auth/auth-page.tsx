import Link from "next/link";
import type { ReactNode } from "react";
import { FocusedTitle } from "./focused-title";

const titleClass = "text-xl font-bold text-slate-900 focus:outline-none";

/** The centred card every signed-out page uses (sign-in, sign-up, links from emails). */
export function AuthPage({
  title,
  subtitle,
  notice,
  footer,
  children,
}: {
  /** Omitted when the content brings its own heading (it changes with the flow's state). */
  title?: string;
  subtitle?: string;
  notice?: string | null;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="grid min-h-dvh place-items-center bg-slate-50 px-4 py-10">
      <main id="main" className="w-full max-w-sm">
        <Link href="/" className="mb-8 flex items-center justify-center gap-2 font-semibold text-slate-900">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">A</span>
          Agency OS
        </Link>
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
          {title && <AuthHeading title={title} subtitle={subtitle} />}
          {notice && (
            <p role="status" className="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {notice}
            </p>
          )}
          {children}
        </div>
        {footer && <div className="mt-6 text-center text-sm text-slate-500 empty:hidden">{footer}</div>}
      </main>
    </div>
  );
}

/** The card's title; `focus` moves focus to it (a form turning into its result, for screen readers and keyboards). */
export function AuthHeading({ title, subtitle, focus = false }: { title: string; subtitle?: ReactNode; focus?: boolean }) {
  return (
    <div className="mb-6">
      {focus ? <FocusedTitle className={titleClass}>{title}</FocusedTitle> : <h1 className={titleClass}>{title}</h1>}
      {subtitle && <p className="mt-1 text-sm text-slate-600">{subtitle}</p>}
    </div>
  );
}
