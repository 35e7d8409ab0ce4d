import type { Metadata } from "next";
import Link from "next/link";
import { SystemStatusPanel } from "~/components/status/system-status-panel";

export const metadata: Metadata = { title: "System status" };

export default function StatusPage() {
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex max-w-4xl items-center justify-between px-4 py-5 sm:px-6">
        <Link href="/" className="font-semibold text-slate-900">
          ← Agency OS
        </Link>
      </header>
      <main id="main" className="mx-auto max-w-4xl px-4 pb-16 sm:px-6">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">System status</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Live from the API and its database; refreshes every 10 seconds.</p>
        <SystemStatusPanel />
      </main>
    </div>
  );
}
