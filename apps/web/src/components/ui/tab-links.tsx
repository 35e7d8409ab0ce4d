import Link from "next/link";
import type { MouseEvent } from "react";

export interface TabLink {
  href: string;
  label: string;
  current: boolean;
  onClick?: (event: MouseEvent<HTMLAnchorElement>) => void;
}

/** Views of one page as links (so each is a URL): the current one is marked with aria-current. */
export function TabLinks({ label, tabs }: { label: string; tabs: TabLink[] }) {
  return (
    <nav aria-label={label} className="border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              onClick={tab.onClick}
              aria-current={tab.current ? "page" : undefined}
              className={`inline-block border-b-2 px-1 pb-2 text-sm font-medium ${
                tab.current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
              }`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
