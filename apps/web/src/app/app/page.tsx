import type { Metadata } from "next";
import { SystemStatusPanel } from "~/components/status/system-status-panel";
import { NAV_ITEMS } from "~/components/shell/nav-items";
import Link from "next/link";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Dashboard</h1>
        <p className="mt-1 text-sm text-slate-600">Your workspace at a glance. Live status of the platform is below.</p>
      </div>
      <SystemStatusPanel />
      <section aria-labelledby="next">
        <h2 id="next" className="mb-3 text-sm font-semibold text-slate-900">
          Coming to your workspace
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {NAV_ITEMS.filter((item) => !item.ready).map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                className="block h-full rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500"
              >
                <span className="flex items-center gap-2 font-medium text-slate-900">
                  <span aria-hidden>{item.icon}</span>
                  {item.label}
                </span>
                <span className="mt-1 block text-sm text-slate-600">{item.description}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
